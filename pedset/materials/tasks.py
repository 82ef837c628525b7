"""Background work of the bank of materials (django.tasks; the immediate backend runs it at
once after the upload's transaction committed)."""

from django.tasks import task


@task()
def make_preview(*, file_id: int) -> bool:
    from pedset.materials.previews import make_preview as render_and_store

    return render_and_store(file_id)
