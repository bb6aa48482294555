def test_admin_login_goes_through_allauth(client, db):
    response = client.get("/beheer/login/?next=/beheer/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")


def test_admin_for_a_logged_in_non_admin_is_404_in_dutch(client, bob):
    client.force_login(bob)
    response = client.get("/beheer/login/?next=/beheer/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet (meer)" in response.content.decode()


def test_get_on_a_post_only_action_explains_itself(client, bob, group):
    from intervisie.groups.domain import membership_request

    membership = membership_request(user=bob, group=group, motivation="Graag")
    client.force_login(bob)
    response = client.get(f"/groepen/aanmelding/{membership.pk}/leave/")
    assert response.status_code == 405
    assert "Gebruik de knop op de pagina" in response.content.decode()
