"""Relevance in the languages other than English (issue 11): distractor topics (phones, chips,
earnings, arrests, bribery, solar inverters, cloud, fibre, 4G-only deals) are not 5G network
policy, and a 5G security law that names no vendor is. Sentences written for the tests."""

from __future__ import annotations

import pytest

from bot.news.classify import classify, could_be_relevant


def relevant(lang: str, title: str, summary: str = "") -> bool:
    result = classify(title, summary, 0.5, None)
    assert result.lang == lang, (result.lang, result.evidence)
    assert could_be_relevant(title, summary, 0.5) or not result.relevant
    return result.relevant


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        # 4G, 3G or LTE only, no exclusion: not 5G policy
        ("es", "El gobierno firma con Huawei la ampliación de la red 4G en las zonas rurales"),
        ("pt", "Operadora estatal e Huawei assinam contrato para levar o 4G ao interior do país"),
        ("fr", "L'opérateur public signe avec Huawei pour étendre la 4G dans le pays"),
        ("it", "Il ministro annuncia un accordo con Huawei per la rete LTE nelle isole"),
        ("ro", "Huawei extinde rețeaua 4G a operatorului în sate"),
        # solar inverters
        ("pl", "Falowniki Huawei w instalacjach fotowoltaicznych pod lupą ministerstwa"),
        ("de", "Wechselrichter von Huawei: Regierung prüft Solaranlagen"),
        ("nl", "Kabinet onderzoekt omvormers van Huawei in zonnepanelen"),
        ("fr", "Les onduleurs solaires de Huawei inquiètent le gouvernement"),
        ("sv", "Regeringen granskar Huaweis växelriktare för solceller"),
        ("da", "Regeringen ser på Huaweis vekselrettere til solceller"),
        ("ro", "Guvernul verifică invertoarele Huawei din parcurile fotovoltaice"),
        # cloud and data centres
        ("es", "Huawei abre un centro de datos en la nube para el gobierno"),
        ("de", "Huawei eröffnet ein Rechenzentrum für Cloud-Dienste der Regierung"),
        ("pt", "Huawei inaugura centro de dados e serviços de nuvem para o governo"),
        # fibre
        ("sv", "Huawei ska bygga fibernät åt kommunen och regeringen är nöjd"),
        ("nl", "Huawei legt glasvezel aan voor de gemeente met steun van het kabinet"),
        # earnings, arrests, bribery, spies, Huawei's own events
        ("de", "Huawei meldet Gewinn trotz der Sanktionen der Regierung"),
        ("pt", "Ex-funcionário da Huawei é preso por espionagem, diz o governo"),
        ("it", "Mazzette al Parlamento europeo: lobby di Huawei sotto inchiesta"),
        ("nl", "Huawei-medewerker aangehouden op verdenking van omkoping van ministers"),
        ("da", "Huawei-medarbejder sigtet i bestikkelsessag om lobbyisme"),
        ("pl", "Szpieg z Huawei zatrzymany przez ABW, rząd komentuje"),
        ("fr", "Huawei signe un accord pour la transformation numérique et forme des étudiants"),
    ],
)
def test_distractors_are_not_relevant(lang: str, title: str) -> None:
    assert not relevant(lang, title)


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        # a 4G network with a ban or a security concern is still about the vendor's standing
        ("pl", "Rząd wyklucza Huawei z budowy sieci LTE"),
        ("da", "Huawei bygger 4G-nettet, og sikkerhedstjenesten er bekymret"),
        # 5G security laws and rules that name no vendor
        ("fr", "Le gouvernement renforce la sécurité de la 5G par un projet de loi"),
        ("es", "El Congreso aprueba la ley de seguridad de las redes 5G"),
        ("it", "Il governo approva il decreto sulla sicurezza delle reti 5G"),
        ("pt", "Governo aprova regras de segurança para as redes 5G"),
        ("de", "Bundesrat verschärft die Sicherheit im 5G-Netz mit neuem Gesetz"),
        ("nl", "Kabinet scherpt veiligheid van 5G-netwerken aan met nieuwe regels"),
        ("sv", "Ny lag ska skydda de svenska 5G-näten, säger regeringen"),
        ("da", "Regeringen vil styrke sikkerheden i 5G-nettet med ny lov"),
        ("pl", "Rząd przyjął projekt ustawy o bezpieczeństwie sieci 5G"),
        ("ro", "Guvernul adoptă legea privind securitatea rețelelor 5G"),
        (
            "es",
            "Empresas de países sin el Convenio de Budapest, fuera de la licitación de redes 5G",
        ),
    ],
)
def test_vendor_policy_without_a_vendor_name_is_relevant(lang: str, title: str) -> None:
    assert relevant(lang, title)


def test_an_auction_that_names_no_vendor_is_not_relevant() -> None:
    assert not relevant("pt", "Anatel adia o leilão do 5G para o próximo ano")
    assert relevant("pt", "Leilão do 5G não terá veto à Huawei, diz o governo")
