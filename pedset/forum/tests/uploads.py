"""The forum's tests use the sample files of pedset/core/tests/uploads.py (one set for every
app that takes uploads)."""

from pedset.core.tests.uploads import (  # noqa: F401 - re-exported for the forum's tests
    fake_jpeg,
    image,
    odf,
    ole2,
    ooxml,
    pdf,
    plain_zip,
    text_as,
)
