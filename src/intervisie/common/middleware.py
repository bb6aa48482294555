from django.conf import settings
from django.utils import translation


class LanguageMiddleware:
    """Dutch unless the person chose otherwise.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show dates and
    numbers in English to most Dutch users with an English browser. Here only an explicit choice
    counts: the language cookie (set by the footer's language switch) or the account's language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.available:
            user = getattr(request, "user", None)
            language = getattr(user, "language", None) if user is not None and user.is_authenticated else None
        if language not in self.available:
            language = settings.LANGUAGE_CODE
        previous = translation.get_language()
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            # The active language is per thread: put it back, so the next request (or test) does
            # not inherit this person's choice.
            translation.activate(previous) if previous else translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class FriendlyMethodNotAllowedMiddleware:
    """A GET on a POST-only action (an old link, a reload) shows a page that explains what to do,
    instead of Django's empty 405."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            from django.template.loader import render_to_string

            response.content = render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response
