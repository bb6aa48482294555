def test_admin_login_goes_through_allauth(client, db):
    response = client.get("/beheer/login/?next=/beheer/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")
