"""The review pages as a reviewer uses them: queue, pair side by side, decision, clusters,
split — in Spanish by default and in English through the language switch."""

from __future__ import annotations

from django.urls import reverse

from testigo.linkage.models import RecordLink
from testigo.linkage.selectors import run_clusters
from tests.linkage import test_review_world as fixtures
from tests.workspace.conftest import VICTIM_NAME

lworld, world = fixtures.lworld, fixtures.world  # fixtures the tests below use


def test_urls_are_under_the_workspace(lworld) -> None:
    assert reverse("linkage:run_list") == "/workspace/linkage/"
    link = lworld.link("a1", "a2")
    assert reverse("linkage:link_review", args=[link.pk]) == f"/workspace/linkage/links/{link.pk}/"


def test_run_list_and_queue_in_spanish(lworld) -> None:
    client = lworld.client("documentalist", language="es")
    runs = client.get("/workspace/linkage/").content.decode()
    assert "Vinculación de registros" in runs and f"#{lworld.run.pk}" in runs
    queue = client.get(f"/workspace/linkage/runs/{lworld.run.pk}/").content.decode()
    assert "Pares por revisar" in queue and "0.8000" in queue
    assert lworld.persons["a1"].code in queue and lworld.persons["a2"].code in queue
    assert "l.surname = r.surname" in queue  # the blocking rule
    assert "1 grupo de registros vinculados" in queue
    assert VICTIM_NAME not in queue  # the queue shows codes, not names


def test_pair_side_by_side_with_evidence_and_score(lworld) -> None:
    link = lworld.link("a1", "a2")
    page = lworld.client("documentalist", language="es").get(f"/workspace/linkage/links/{link.pk}/")
    html = page.content.decode()
    assert "Revisar un par de registros" in html and "candidato (por revisar)" in html
    assert "0.8000" in html and "2.00" in html  # probability; weight = log2(0.8 / 0.2)
    assert "jaro-winkler ≥ 0.92" in html and "Evidencia por comparación" in html
    rows = {row.label: (row.left, row.right) for row in page.context["rows"]}
    assert rows["Nombre"] == (VICTIM_NAME, "María Xocoy")
    assert rows["Edad"] == ("—", "34") and rows["Nacionalidad"] == ("Guatemala", "Guatemala")
    assert rows["Fechas de registro"] == ("2024-06-01", "—")
    assert rows["Fechas de los eventos"] == ("2024-05~", "—")
    assert rows["Lugares de los eventos"][0].startswith("Chiapas · 07040")
    assert page.context["next"] is None  # the cross-organisation pair is not the user's


def test_english_through_the_language_switch(lworld) -> None:
    link = lworld.link("a1", "a2")
    html = lworld.client("documentalist", language="en").get(f"/workspace/linkage/links/{link.pk}/")
    text = html.content.decode()
    assert "Review a pair of records" in text and "candidate (awaiting review)" in text
    assert "0.8000" in text and "Link: they are the same" in text


def test_linking_then_splitting_through_the_pages(lworld) -> None:
    client = lworld.client("documentalist", language="es")
    link = lworld.link("a1", "a2")
    url = f"/workspace/linkage/links/{link.pk}/"
    missing = client.post(url, {"decision": "linked", "reason": "", "seen_status": "candidate"})
    assert missing.status_code == 200 and "Este campo es obligatorio" in missing.content.decode()
    response = client.post(
        url, {"decision": "linked", "reason": "Misma persona", "seen_status": "candidate"},
        follow=True,
    )  # fmt: skip
    html = response.content.decode()
    assert "El par quedó vinculado." in html and "Misma persona" in html
    (cluster,) = run_clusters(lworld.run)
    assert cluster.size == 4 and cluster.id in html
    cluster_url = f"/workspace/linkage/runs/{lworld.run.pk}/clusters/{cluster.id}/"
    page = client.get(cluster_url).content.decode()
    assert "Separar el grupo" in page and lworld.persons["a4"].code in page
    split = [str(lworld.link("a1", "a2").pk)]
    response = client.post(cluster_url, {"links": split, "reason": "Otra persona"}, follow=True)
    html = response.content.decode()
    assert "El grupo se separó: 1 vínculo quedó desvinculado." in html
    assert RecordLink.objects.get(pk=link.pk).status == "unlinked"
    assert [c.size for c in run_clusters(lworld.run)] == [3]
    history = client.get(url).content.decode()
    assert "desvinculado (separado)" in history and "Otra persona" in history
    # the remaining a2–a3–a4 cluster keeps the id only if it kept the smallest key
    (kept,) = run_clusters(lworld.run)
    same = min(kept.keys) == min(cluster.keys)
    assert (kept.id == cluster.id) == same
    assert client.get(cluster_url).status_code == (200 if same else 403)


def test_a_decision_made_meanwhile_is_shown_not_overwritten(lworld) -> None:
    link = lworld.link("a1", "a2")
    url = f"/workspace/linkage/links/{link.pk}/"
    admin = lworld.client("org_admin", language="es")
    admin.post(url, {"decision": "not_linked", "reason": "No", "seen_status": "candidate"})
    late = lworld.client("documentalist", language="es").post(
        url, {"decision": "linked", "reason": "Sí", "seen_status": "candidate"}
    )
    assert late.status_code == 200
    assert "Alguien más decidió sobre este par" in late.content.decode()
    assert RecordLink.objects.get(pk=link.pk).status == "not_linked"
    linked = lworld.link("a2", "a3")  # linked automatically after the page was opened
    late = lworld.client("documentalist", language="es").post(
        f"/workspace/linkage/links/{linked.pk}/",
        {"decision": "not_linked", "reason": "No", "seen_status": "candidate"},
    )
    assert "Alguien más decidió sobre este par" in late.content.decode()
    assert late.context["form"] is None  # nothing left to decide on a linked pair: split it
    assert RecordLink.objects.get(pk=linked.pk).status == "linked"
