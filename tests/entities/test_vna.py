"""Two short VNA-style stories about Vietnam-Japan relations: exactly these people and countries."""

from __future__ import annotations

from indexer.article import Article
from indexer.entities import extract_entities, merge_people

STORY_1 = """Hanoi (VNA) - Party General Secretary Nguyen Phu Trong on November 27 received Prime Minister \
Kishida Fumio of Japan, who is on an official visit to Vietnam.

The Party chief said the Communist Party of Vietnam and the Liberal Democratic Party of Japan share a \
long friendship. Fumio Kishida thanked the General Secretary and said the National Diet and the House of \
Councillors would support the comprehensive strategic partnership, in line with the UN Charter.

Politburo member and permanent member of the Party Central Committee's Secretariat Truong Thi Mai \
also attended. Mai said that the Doi moi (renewal) process had brought Vietnam and Japan closer, and \
Kishida agreed.

VNA/VNS Photo
"""

STORY_2 = """Hanoi (VNA) - Nguyễn Phú Trọng, General Secretary of the Communist Party of Vietnam, sent a \
message of congratulations to Kishida Fumio on his re-election as President of the Liberal Democratic \
Party. The Politburo and the Central Committee praised Japan's support for Doi moi. Trọng said the two \
countries would deepen ties.

Photo: VNA
"""


def _article(body: str, n: int) -> Article:
    return Article(id=str(n), path="vna", title="Vietnam, Japan deepen ties", body=body, format="test",
                   date="2023-11-27", source="VNA")


def test_story_one_people_and_countries():
    ents = extract_entities(_article(STORY_1, 1))
    assert sorted(ents.persons) == ["Fumio Kishida", "Nguyen Phu Trong", "Truong Thi Mai"]
    assert sorted(ents.countries) == ["Japan", "Vietnam"]


def test_story_two_people_and_countries():
    ents = extract_entities(_article(STORY_2, 2))
    assert sorted(ents.persons) == ["Kishida Fumio", "Nguyễn Phú Trọng"]
    assert sorted(ents.countries) == ["Japan", "Vietnam"]


def test_corpus_merge_across_the_two_stories():
    per_article = [extract_entities(_article(s, i)).persons for i, s in enumerate((STORY_1, STORY_2))]
    aliases = merge_people(per_article)
    canon = {aliases.get(p, p) for names in per_article for p in names}
    assert canon == {"Fumio Kishida", "Truong Thi Mai", "Nguyen Phu Trong"} or canon == {
        "Fumio Kishida", "Truong Thi Mai", "Nguyễn Phú Trọng"}
    assert len(canon) == 3
