# English msgids for the registry's fields, and the derived keys that match organisations by
# name case-insensitively (import, uniqueness) and search them on SQLite and PostgreSQL alike.

import re

from django.db import migrations, models

_QUOTES = str.maketrans({c: '"' for c in "«»“”„‟″'`"})


def normalise_name(value: str) -> str:
    # A copy of organisations.models.normalise_name as it was when this migration was written.
    text = " ".join(str(value).split()).casefold().replace("ё", "е").translate(_QUOTES)
    return re.sub(r"№\s*", "№ ", text)


def fill_keys(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    for organisation in Organisation.objects.all():
        organisation.name_key = normalise_name(organisation.full_name)
        organisation.search_text = normalise_name(
            " ".join(
                (
                    organisation.full_name,
                    organisation.short_name,
                    organisation.address,
                    organisation.district,
                    organisation.inn,
                )
            )
        )
        organisation.save(update_fields=["name_key", "search_text"])


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [
        migrations.AlterModelOptions(
            name="organisation",
            options={
                "ordering": ["district", "short_name", "id"],
                "verbose_name": "educational organisation",
                "verbose_name_plural": "educational organisations",
            },
        ),
        migrations.AlterField(
            model_name="organisation",
            name="address",
            field=models.CharField(blank=True, max_length=500, verbose_name="address"),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="district",
            field=models.CharField(
                db_index=True, max_length=200, verbose_name="municipal district"
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="full_name",
            field=models.CharField(max_length=500, unique=True, verbose_name="full name"),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="inn",
            field=models.CharField(blank=True, max_length=12, verbose_name="INN"),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="is_active",
            field=models.BooleanField(default=True, verbose_name="operating"),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("school", "general education organisation"),
                    ("kindergarten", "preschool educational organisation"),
                    ("additional", "organisation of additional education"),
                    ("methodical", "methodical service"),
                    ("authority", "education authority"),
                    ("professional", "professional educational organisation"),
                    ("other", "other organisation"),
                ],
                default="school",
                max_length=20,
                verbose_name="type",
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="operates_platform",
            field=models.BooleanField(default=False, verbose_name="platform operator"),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="short_name",
            field=models.CharField(max_length=200, verbose_name="short name"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="name_key",
            field=models.CharField(default="", editable=False, max_length=500),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="organisation",
            name="search_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organisation",
            name="name_key",
            field=models.CharField(editable=False, max_length=500, unique=True),
        ),
    ]
