def test_search_page_lists_a_published_group(client, group):
    response = client.get("/groepen/")
    assert response.status_code == 200
    assert "Intervisie Utrecht Oost" in response.content.decode()
