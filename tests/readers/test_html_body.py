"""Tests of the HTML reader's article text: extraction, fallback and cleaning (indexer/readers/html/body.py)."""

from __future__ import annotations

import logging

import lxml.etree
import pytest
from helpers import ARTICLE_PARAGRAPHS as PARAGRAPHS

from indexer.readers.html.body import (
    EXTRACTION,
    FILTERS,
    _below_headline,
    _block_text,
    _body,
    _fallback_blocks,
    _is_date_line,
    _trafilatura_blocks,
)
from indexer.readers.html.tree import _parse

HEADLINE = "Cottage to become museum"
TEXT = "\n\n".join(PARAGRAPHS)
META = {"title": HEADLINE, "headings": [HEADLINE]}
# An option trafilatura does not know: bare_extraction raises, and the body falls back to plain paragraphs.
BROKEN_EXTRACTION = {"no_such_option": True}


def page(body: str) -> str:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{HEADLINE}</title></head>"
            f"<body>{body}</body></html>")


def article(before: str = "", after: str = "", headline: str = f"<h1>{HEADLINE}</h1>") -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    return page(f"<article>{headline}{before}{paragraphs}{after}</article>")


def body_of(html: str, meta: dict = META, **options) -> str:
    return _body(_parse(html), meta, html, **options)


def words(n: int) -> str:
    return " ".join(["word"] * n)


# --- what trafilatura keeps, and how each block is written ----------------------------------------


def test_an_article_reads_as_its_paragraphs_separated_by_blank_lines():
    assert body_of(article()) == TEXT


def test_a_list_in_the_article_is_one_block_with_one_item_a_line():
    html = article(after="<ul><li>Ship bells from the wreck</li><li>Logbooks of the keepers</li></ul>")
    assert body_of(html).endswith(PARAGRAPHS[2] + "\n\nShip bells from the wreck\nLogbooks of the keepers")


def test_a_table_is_one_block_with_a_row_a_line_and_cells_joined_by_bars():
    table = ("<table><tr><th>Year</th><th>Visitors</th></tr><tr><td>2020</td><td></td><td>400</td></tr>"
             "<tr><td><p>2021</p></td><td>950</td></tr></table>")
    assert body_of(article(after=table)).endswith(PARAGRAPHS[2] + "\n\nYear | Visitors\n2020 | 400\n2021 | 950")


def test_the_extraction_options_passed_in_are_the_ones_used():
    table = "<table><tr><th>Year</th><th>Visitors</th></tr><tr><td>2020</td><td>400</td></tr></table>"
    html = article(after=table)
    assert "2020 | 400" in body_of(html)
    assert "2020 | 400" not in body_of(html, extraction={**EXTRACTION, "include_tables": False})


def test_line_breaks_inside_a_paragraph_are_kept_as_single_newlines():
    html = article(after="<p>The keepers' log reads:<br>Fog all day.<br><br>Lamp lit at six.</p>")
    assert body_of(html).endswith("\n\nThe keepers' log reads:\nFog all day.\nLamp lit at six.")


def test_a_paragraph_opening_with_a_line_break_keeps_its_text():
    html = article(after="<p><br>Lamp lit at six, and kept burning until the fog lifted at dawn.</p>")
    assert body_of(html).endswith(PARAGRAPHS[2] + "\n\nLamp lit at six, and kept burning until the fog lifted at dawn.")


def test_block_text_collapses_spaces_within_lines_and_drops_blank_lines():
    # trafilatura's own markup: <lb/> is a line break, <hi> an inline run.
    block = lxml.etree.fromstring("<p>  Fog \t all   day. <lb/> <lb/><hi>Lamp</hi>  lit. <lb/></p>")
    assert _block_text(block) == "Fog all day.\nLamp lit."


def test_paragraphs_inside_a_table_cell_stay_apart():
    cell = lxml.etree.fromstring("<cell><p>The keeper logged every wreck</p><p>Second entry: a schooner</p></cell>")
    assert _block_text(cell) == "The keeper logged every wreck\nSecond entry: a schooner"


@pytest.mark.parametrize("piece", ["p", "head", "list", "item", "quote", "code", "table", "row"])
def test_a_block_piece_inside_a_block_stands_on_its_own_line(piece):
    block = lxml.etree.fromstring(f"<cell>Before it<{piece}>the piece</{piece}>after it</cell>")
    assert _block_text(block) == "Before it\nthe piece\nafter it"


def test_inline_runs_keep_the_text_order_around_them():
    block = lxml.etree.fromstring("<p>Lamp <hi>lit <ref>at six</ref> sharp</hi> every night</p>")
    assert _block_text(block) == "Lamp lit at six sharp every night"


def test_a_nested_list_is_read_once_inside_its_item_in_order():
    html = page("<article><h1>Cottage to become museum</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
                + "<ul><li>Ship's bells from the harbour<ul><li>the bell of the Mary Rose</li></ul> and logbooks</li>"
                "<li>Photographs of the keepers</li></ul></article>")
    body = body_of(html)
    assert body.count("the bell of the Mary Rose") == 1
    assert "Ship's bells from the harbour\nthe bell of the Mary Rose\nand logbooks\nPhotographs of the keepers" in body


def test_a_blank_spacer_paragraph_leaves_no_empty_block():
    html = page("<article><h1>Cottage to become museum</h1>"
                + "<p>\u00a0</p>".join(f"<p>{text}</p>" for text in PARAGRAPHS) + "</article>")
    assert body_of(html) == TEXT


def test_a_lead_paragraph_classed_as_a_teaser_is_article_text():
    # favor_recall: precision mode would drop the "teaser" lead, a common class for a real standfirst.
    html = page(f"<article><h1>{HEADLINE}</h1><p class='teaser'>{PARAGRAPHS[0]}</p>"
                + "".join(f"<p>{text}</p>" for text in PARAGRAPHS[1:]) + "</article>")
    assert body_of(html) == TEXT


def test_reader_comments_stay_out_of_the_body_even_on_a_page_marked_as_a_discussion():
    # With comments on, trafilatura routes the comments of a DiscussionForumPosting page into the body.
    ld = '{"@context": "https://schema.org", "@type": "DiscussionForumPosting", "headline": "Cottage"}'
    comments = ("<div class='comments' id='comments'><h3>2 comments</h3><div class='comment'><p>What a wonderful "
                "idea for the village and its visitors, I will certainly come along next summer.</p></div></div>")
    html = article().replace("</head>", f"<script type='application/ld+json'>{ld}</script></head>")
    html = html.replace("</article>", "</article>" + comments)
    assert body_of(html) == TEXT


def test_trafilatura_blocks_are_none_when_it_finds_no_text():
    assert _trafilatura_blocks(_parse("<html><body><div><img src='a.png'></div></body></html>"), EXTRACTION) is None


def test_trafilatura_blocks_are_none_when_it_fails():
    assert _trafilatura_blocks(_parse(article()), BROKEN_EXTRACTION) is None


def test_trafilatura_logs_are_silenced_but_not_everyone_elses():
    assert logging.getLogger("trafilatura").level == logging.CRITICAL
    assert logging.getLogger("htmldate").level == logging.CRITICAL
    assert logging.getLogger().level != logging.CRITICAL


# --- favor_recall, and the default extraction where it keeps a fraction of the page ---------------


@pytest.fixture
def extractions(monkeypatch):
    """Stand-in for trafilatura: ``results[favor_recall]`` are the blocks each run gives; ``calls`` the
    favor_recall value of each run."""
    from indexer.readers.html import body

    state = {"results": {}, "calls": []}

    def blocks(tree, extraction):
        state["calls"].append(extraction.get("favor_recall", False))
        return state["results"][extraction.get("favor_recall", False)]

    monkeypatch.setattr(body, "_trafilatura_blocks", blocks)
    return state


def test_a_favor_recall_result_far_short_of_the_page_gives_way_to_the_default_extraction(extractions):
    extractions["results"] = {True: ["Short lead."], False: list(PARAGRAPHS)}
    assert body_of(article()) == TEXT
    assert extractions["calls"] == [True, False]


def test_the_default_extraction_is_taken_only_when_it_is_far_longer(extractions):
    first = PARAGRAPHS[0][:60]
    extractions["results"] = {True: [first], False: [first + " and a few more words"]}
    assert body_of(article()) == first
    assert extractions["calls"] == [True, False]


def test_a_favor_recall_result_near_the_pages_running_text_is_kept_without_a_second_run(extractions):
    extractions["results"] = {True: list(PARAGRAPHS[:2]), False: list(PARAGRAPHS)}
    assert body_of(article()) == "\n\n".join(PARAGRAPHS[:2])
    assert extractions["calls"] == [True]


def test_without_favor_recall_there_is_one_run(extractions):
    extractions["results"] = {False: ["Short lead."]}
    assert body_of(article(), extraction={**EXTRACTION, "favor_recall": False}) == "Short lead."
    assert extractions["calls"] == [False]


# --- the fallback: plain paragraphs when trafilatura fails or finds nothing -------------------


def test_when_trafilatura_fails_the_body_is_the_pages_paragraphs():
    # The fallback reads the page text again: trafilatura may have pruned the tree it was given.
    assert body_of(article(), extraction=BROKEN_EXTRACTION) == TEXT


def test_a_page_where_nothing_is_found_has_an_empty_body():
    assert body_of(page("<div><img src='a.png'></div>")) == ""


@pytest.mark.parametrize(
    "markup",
    ["<p>{}</p>", "<h2>{}</h2>", "<h3>{}</h3>", "<h4>{}</h4>", "<ul><li>{}</li></ul>", "<blockquote>{}</blockquote>",
     "<pre>{}</pre>", "<table><tr><td>{}</td></tr></table>"],
)
def test_the_fallback_reads_each_kind_of_text_block(markup):
    text = "Volunteers have already collected ship's bells and logbooks."
    assert _fallback_blocks(_parse(page(markup.format(text)))) == [text]


def test_the_fallback_reads_a_block_inside_another_once():
    html = page(f"<blockquote><p>{PARAGRAPHS[0]}</p></blockquote><ul><li><p>{PARAGRAPHS[1]}</p></li></ul>")
    assert _fallback_blocks(_parse(html)) == PARAGRAPHS[:2]


@pytest.mark.parametrize("container", ["nav", "footer", "aside", "header", "form"])
def test_the_fallback_leaves_out_page_furniture_sections(container):
    html = page(f"<{container}><div><p>{PARAGRAPHS[0]}</p></div></{container}><p>{PARAGRAPHS[1]}</p>")
    assert _fallback_blocks(_parse(html)) == [PARAGRAPHS[1]]


def test_the_fallback_leaves_out_reader_comments():
    html = page(f"<p>{PARAGRAPHS[0]}</p><div class='comments'><p>What a wonderful idea for the village and "
                "its many visitors.</p></div>")
    assert _fallback_blocks(_parse(html)) == [PARAGRAPHS[0]]


def test_the_fallback_keeps_blocks_of_eight_words_and_drops_shorter_ones():
    eight = "The museum opens next summer with free entry."
    seven = "The museum opens next summer, entry free."
    assert _fallback_blocks(_parse(page(f"<p>{eight}</p><p>{seven}</p>"))) == [eight]


# --- the headline repeat and what sits above it ----------------------------------------------


def test_the_headline_repeat_and_what_sits_above_it_are_dropped():
    blocks = ["Coast", "News in brief", HEADLINE, *PARAGRAPHS]
    assert _below_headline(blocks, META) == PARAGRAPHS


def test_the_headline_repeat_as_the_first_block_is_dropped_alone():
    assert _below_headline([HEADLINE, *PARAGRAPHS], META) == PARAGRAPHS


def test_the_headline_repeat_is_matched_folded_with_spaces_collapsed():
    meta = {"title": "Café to become museum", "headings": []}
    assert _below_headline(["CAFÉ  to become\nmuseum", *PARAGRAPHS], meta) == PARAGRAPHS


def test_one_of_the_first_two_headings_can_be_the_headline_repeat():
    meta = {"title": "Coastal Times", "headings": ["Coast news", HEADLINE, "Other stories"]}
    assert _below_headline(["Coast", HEADLINE, *PARAGRAPHS], meta) == PARAGRAPHS


def test_a_third_heading_is_not_taken_for_the_headline():
    meta = {"title": "Coastal Times", "headings": ["Coast news", HEADLINE, "Other stories"]}
    blocks = [PARAGRAPHS[0], "Other stories", *PARAGRAPHS[1:]]
    assert _below_headline(blocks, meta) == blocks


def test_a_headline_repeat_below_the_first_three_blocks_is_text():
    blocks = [*PARAGRAPHS, HEADLINE, "The parish council meets again in the spring."]
    assert _below_headline(blocks, META) == blocks


def test_without_a_headline_repeat_the_blocks_are_kept():
    assert _below_headline(PARAGRAPHS, META) == PARAGRAPHS


def test_an_empty_title_matches_no_block():
    assert _below_headline(PARAGRAPHS, {"title": "", "headings": []}) == PARAGRAPHS


# --- furniture lines ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    ["Read more: the lighthouse through the ages", "Share this article", "Advertisement", "Photos by Ana Okafor",
     "(c) 2021 Coastal Times", "Sign up for our newsletter", "Most read"],
)
def test_short_furniture_lines_are_dropped(line):
    assert body_of(article(after=f"<p>{line}</p>")) == TEXT


def test_a_furniture_opening_of_thirty_words_is_still_furniture():
    line = "Read more " + words(28)
    assert body_of(article(after=f"<p>{line}</p>")) == TEXT


def test_a_paragraph_of_more_than_thirty_words_is_text_whatever_it_opens_with():
    line = "Read more " + words(29)
    assert body_of(article(after=f"<p>{line}</p>")) == TEXT + "\n\n" + line


def test_a_line_that_only_mentions_furniture_words_later_is_text():
    line = "Volunteers will share this work with the parish."
    assert body_of(article(after=f"<p>{line}</p>")) == TEXT + "\n\n" + line


# --- date lines --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    ["Published: 12 March 2021", "Tuesday, 12 March 2021", "Updated 12.03.2021 | 10:30", "Posted 3 Jan 2021",
     "first published at: 4 May 2020 @ 10:30", "Published 12 March 2021 10:30 p.m.", "12 March 2021, 9 a.m. GMT"],
)
def test_a_date_line_is_dropped(line):
    assert body_of(article(after=f"<p>{line}</p>")) == TEXT


@pytest.mark.parametrize(
    "month", ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"],
)
def test_a_date_line_in_any_month_is_a_date_line(month):
    assert _is_date_line(f"Published: 3 {month} 2021") is True


def test_a_date_line_of_ten_words_is_dropped():
    line = "Published on Monday 12 March 2021 at 10:30 am GMT"
    assert body_of(article(after=f"<p>{line}</p>")) == TEXT


def test_a_line_of_more_than_ten_words_is_text_even_if_all_date():
    line = "Last updated on Monday 12 March 2021 at 10:30 am GMT"
    assert body_of(article(after=f"<p>{line}</p>")) == TEXT + "\n\n" + line


@pytest.mark.parametrize("line", ["12 March 2021 Harbour news", "Volunteers met on 12 March 2021"])
def test_a_short_line_with_a_date_and_other_words_is_text(line):
    assert _is_date_line(line) is False


@pytest.mark.parametrize("line", ["On Monday at 10:30", "1,200 / 3,400"])
def test_a_line_of_date_words_and_figures_without_a_date_is_text(line):
    assert _is_date_line(line) is False


def test_a_line_with_no_date_at_all_is_no_date_line():
    assert _is_date_line("Volunteers collected ship's bells") is False


# --- the cleaning switches ---------------------------------------------------------------------


def test_all_cleaning_steps_apply_by_default():
    html = article(before="<p>Published: 12 March 2021</p>", after="<p>Share this article</p>",
                   headline=f"<p>Coast</p><h1>{HEADLINE}</h1>")
    assert body_of(html) == TEXT
    assert FILTERS == ("headline", "furniture", "date_line")


@pytest.mark.parametrize(
    ("name", "kept"),
    [("headline", f"Coast\n\n{HEADLINE}"), ("furniture", "Share this article"),
     ("date_line", "Published: 12 March 2021")],
)
def test_each_cleaning_step_can_be_left_out_alone(name, kept):
    html = article(before="<p>Published: 12 March 2021</p>", after="<p>Share this article</p>",
                   headline=f"<p>Coast</p><h1>{HEADLINE}</h1>")
    body = body_of(html, filters=tuple(f for f in FILTERS if f != name))
    assert kept in body
    for other, text in [("headline", HEADLINE), ("furniture", "Share this"), ("date_line", "Published:")]:
        if other != name:
            assert text not in body


@pytest.mark.parametrize("name", FILTERS)
def test_each_cleaning_step_can_be_asked_for_by_name(name):
    body_of(article(), filters=(name,))


def test_unknown_cleaning_steps_are_named_with_the_known_ones():
    with pytest.raises(ValueError, match=r"unknown body filters: \['promo'\]; known: headline, furniture, date_line"):
        body_of(article(), filters=("headline", "promo"))
