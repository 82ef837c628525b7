from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Login by e-mail, case-insensitive; inactive (deactivated or revoked) people cannot log in."""

    def authenticate(self, request, username=None, password=None, email=None, **kwargs):
        from pedset.accounts.models import User

        email = (email or username or "").strip()
        if not email or password is None:
            return None
        try:
            user = User.objects.get(email__iexact=email)
        except User.DoesNotExist:
            User().set_password(password)  # same work either way: no timing oracle for e-mails
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
