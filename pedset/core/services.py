def accessible_mode_set(*, user, session, on: bool) -> None:
    """Remembered per person when signed in, per browser session otherwise."""
    session["accessible_mode"] = on
    if user is not None and user.is_authenticated:
        user.accessible_mode = on
        user.save(update_fields=["accessible_mode"])
