"""What a document says, independent of its format (PDF and DOCX are rendered from it).

The layout follows ГОСТ Р 7.0.97-2016: the issuing organisation, the document type, the date and
the registration number, the place, the title to the text, the text, the signature block; the
registry adds the verification code and the QR code.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Signature:
    position: str  # «Координатор сетевого сообщества», «Председатель совета ВМК»
    name: str  # «М. П. Иванова» (initials before the surname, ГОСТ Р 7.0.97-2016 п. 5.23)


@dataclass(frozen=True)
class DocumentContent:
    heading: str  # the document type as printed: «ПРИКАЗ», «СВИДЕТЕЛЬСТВО О ПУБЛИКАЦИИ»
    title: str  # the title to the text: «О включении материалов в виртуальный методический кабинет»
    paragraphs: tuple[str, ...] = ()  # the text (the preamble for an order)
    operative_word: str = ""  # «ПРИКАЗЫВАЮ:» for an order
    items: tuple[str, ...] = ()  # numbered points after the operative word
    signature: Signature | None = None
    place: str = ""  # place of issue, e.g. «г. Нальчик»
    extra: dict = field(default_factory=dict)  # kind-specific data shown on /verify

    def as_dict(self) -> dict:
        return asdict(self)
