"""Who is calling the API: a bearer token, the browser's session (with CSRF), or the public.

Routers import these lists directly: `auth=PUBLIC_AUTH` for reads of public data,
`auth=STAFF_AUTH` for writes (the role check is then the router's own).
"""

from ninja.security import APIKeyCookie, HttpBearer

from majlis.core import tokens


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        user = tokens.user_for(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser's session; unsafe methods must carry the CSRF token."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else None


class OptionalAuth:
    """Reads are public; a token or session, when given, identifies the caller."""

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            user = tokens.user_for(header[7:].strip())
            if user is None:
                return None
            request.user = user
        return request.user if request.user.is_authenticated else True


token_auth = TokenAuth()
session_auth = SessionAuth(csrf=True)
STAFF_AUTH = [token_auth, session_auth]
PUBLIC_AUTH = [OptionalAuth()]
