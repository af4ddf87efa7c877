from bot.kb.articles import parse_article
from bot.kb.passages import BODY, CAPTION, PULL_QUOTE, STANDFIRST, chunk_article
from tests.conftest import article_text

SEED = "pakistan-disillusioned-with-taliban"


def test_seed_roles_and_reader_numbering(kb):
    passages = [p for p in kb.passages if p.article_id == SEED]
    roles = [p.role for p in passages]
    assert roles[:2] == [CAPTION, STANDFIRST]
    assert roles.count(PULL_QUOTE) == 3
    assert [p.number for p in passages if p.role == BODY] == list(range(1, 14))


def test_pull_quotes_point_at_the_body_paragraph_they_repeat(kb):
    pulls = {p.text[:30]: p.repeats for p in kb.passages if p.role == PULL_QUOTE}
    assert pulls == {"In November 2023, Pakistan’s c": 1, "To rein in the Taliban, Pakist": 13,
                     "Once the US left Afghanistan i": 8}
    for p in kb.passages:
        if p.role == PULL_QUOTE:
            body = kb.passage(SEED, p.repeats)
            assert p.sentence_texts()[-1][-40:-2] in body.text


def test_pull_quotes_are_never_quoted(answerer):
    for question in ("What did Kakar claim in November 2023?",
                     "What must Pakistan see the Taliban for?",
                     "What did Islamabad not expect once the US left?"):
        answer = answerer.answer(question)
        assert answer.answered
        assert all(e.passage.role != PULL_QUOTE for e in answer.excerpts)


def test_a_paragraph_that_differs_is_not_a_pull_quote():
    body = "The army left the valley in 2020 after long talks.\n\nThe army stayed in 2021."
    article = parse_article(article_text(body=body).encode(), "a.md")
    assert [p.role for p in chunk_article(article)] == [BODY, BODY]


def test_near_verbatim_repeat_is_a_pull_quote():
    long = ("Officials said the talks failed. They blamed the group for the attacks that "
            "followed, which killed many people in the north of the country.")
    pull = "They blamed the group for the attacks that followed, which killed people."
    article = parse_article(article_text(body=f"{long}\n\n{pull}\n\nLast words.").encode(), "a.md")
    passages = chunk_article(article)
    assert [(p.role, p.number) for p in passages] == [(BODY, 1), (PULL_QUOTE, None), (BODY, 2)]
    assert passages[1].repeats == 1
