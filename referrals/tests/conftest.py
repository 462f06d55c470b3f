import pytest

FORM_URL = "/request-follow-up/"


@pytest.fixture
def valid():
    """A complete, valid submission as a browser sends it."""
    return {
        "relationship": "family",
        "name": "Dana Example",
        "phone": "248-555-0123",
        "email": "",
        "best_time": "evening",
        "community": "birmingham",
        "person": "J.",
        "message": "My brother had a hard night and police came. He agreed someone could call him.",
        "consent": "on",
        "website": "",
    }


@pytest.fixture
def post(client):
    def send(data, **extra):
        return client.post(FORM_URL, data, **extra)

    return send
