import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/people/", "/people/?q=Gafarova", "/people/?q=غف&fragment=1", "/bodies/", "/login/", "/api/openapi.json", "/api/people", "/api/organizations", "/api/docs", "/healthz"])
def test_public_pages_answer(client, demo_register, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
