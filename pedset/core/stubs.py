# TEMPORARY during the skeleton build: every stub is replaced by its app before commit.
from django.http import HttpResponse


def stub(request, *args, **kwargs):
    return HttpResponse("stub", status=501)
