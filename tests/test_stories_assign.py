"""Story assignment, the pure part: hand-built vectors, dates and entities in, stories out."""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np
import pytest

from storyline.records import Enrichment, Mention
from storyline.settings import Settings
from storyline.stories import (
    Background,
    StoryFeatures,
    StoryState,
    add_late_entities,
    assign_stories,
    key_entities,
    similarity,
    story_label,
    story_similarity,
)
from storyline.stories.assign import MAX_SPAN_DAYS, SIZE_FREE, SIZE_PENALTY, size_penalty

DAY = date(2022, 2, 28)
DIMS = 8


def axis(index: int, *, noise: float = 0.0, seed: int = 0) -> np.ndarray:
    vector = np.zeros(DIMS, dtype=np.float32)
    vector[index] = 1.0
    vector += np.random.default_rng(seed).normal(0, noise, DIMS).astype(np.float32)
    return vector / np.linalg.norm(vector)


def feature(article_id: str, index: int, *, day: date | None = DAY, seed: int = 0, noise: float = 0.05,
            entities: tuple[str, ...] = ()) -> StoryFeatures:
    return StoryFeatures(article_id, day, axis(index, noise=noise, seed=seed), entities, ("talks",))


@pytest.fixture
def settings() -> Settings:
    return Settings.load({"story_threshold": 0.35, "story_window_days": 7})


def stories_of(update) -> dict[str, str]:
    return {item.article_id: item.story_id for item in update.assignments}


def three_topics() -> list[StoryFeatures]:
    return [feature(f"{topic}{n}", topic, seed=10 * topic + n) for topic in range(3) for n in range(4)]


def test_articles_of_one_topic_share_a_story_and_topics_stay_apart(settings) -> None:
    found = stories_of(assign_stories([], three_topics(), settings=settings))
    for topic in range(3):
        assert len({found[f"{topic}{n}"] for n in range(4)}) == 1
    assert len(set(found.values())) == 3


def test_a_story_is_named_after_its_founding_article(settings) -> None:
    found = stories_of(assign_stories([], three_topics(), settings=settings))
    assert found["13"] == "s-10" and found["20"] == "s-20"


@pytest.mark.parametrize("seed", range(5))
def test_the_order_of_a_batch_does_not_matter(settings, seed: int) -> None:
    features = three_topics()
    shuffled = features[:]
    random.Random(seed).shuffle(shuffled)
    assert stories_of(assign_stories([], shuffled, settings=settings)) == stories_of(
        assign_stories([], features, settings=settings)
    )


def test_an_article_outside_the_time_window_starts_a_new_story(settings) -> None:
    features = [feature("a", 0), feature("b", 0, day=DAY + timedelta(days=3), seed=1),
                feature("c", 0, day=DAY + timedelta(days=30), seed=2)]
    found = stories_of(assign_stories([], features, settings=settings))
    assert found["a"] == found["b"] != found["c"]


def test_the_window_runs_from_the_story_s_last_day(settings) -> None:
    days = [DAY + timedelta(days=6 * n) for n in range(4)]  # 18 days, never more than 6 apart
    features = [feature(f"a{n}", 0, day=day, seed=n) for n, day in enumerate(days)]
    assert len(set(stories_of(assign_stories([], features, settings=settings)).values())) == 1


def test_a_story_spans_at_most_max_span_days_then_a_new_one_starts_in_its_thread(settings) -> None:
    days = [DAY + timedelta(days=6 * n) for n in range(6)]  # 30 days, never more than 6 apart
    features = [feature(f"a{n}", 0, day=day, seed=n) for n, day in enumerate(days)]
    update = assign_stories([], features, settings=settings)
    found = stories_of(update)
    assert found["a0"] == found[f"a{MAX_SPAN_DAYS // 6}"] != found["a5"]
    for state in update.stories:
        assert (state.last_day - state.first_day).days <= MAX_SPAN_DAYS
    assert len({state.thread_id for state in update.stories}) == 1  # one topic, carried on


def test_undated_articles_are_compared_by_text_alone(settings) -> None:
    found = stories_of(assign_stories([], [feature("a", 0), feature("b", 0, day=None, seed=1)], settings=settings))
    assert found["a"] == found["b"]


def test_shared_entities_lift_a_borderline_article_into_the_story(settings) -> None:
    base = axis(0)
    borderline = np.float32(0.3) * base + np.float32(0.954) * axis(1)  # cosine 0.3 with the story
    names = ("Vladimir Putin", "Volodymyr Zelenskyy", "Belarus")
    story = [StoryFeatures(f"s{n}", DAY, base, names) for n in range(3)]
    with_names = StoryFeatures("x", DAY, borderline / np.linalg.norm(borderline), names)
    without = StoryFeatures("x", DAY, with_names.vector, ("Gulf of Mexico",))
    background = Background(np.zeros(DIMS, dtype=np.float32), 0)
    joined = stories_of(assign_stories([], [*story, with_names], settings=settings, background=background))
    apart = stories_of(assign_stories([], [*story, without], settings=settings, background=background))
    assert joined["x"] == joined["s0"]
    assert apart["x"] != apart["s0"]


def state(story_id: str, index: int, *, count: int, day: date = DAY, seed: int = 0) -> StoryState:
    return StoryState(story_id, day, day, count, axis(index, noise=0.05, seed=seed) * count)


def test_stories_that_grow_together_merge_into_the_larger(settings) -> None:
    big, small = state("s-big", 0, count=5), state("s-small", 0, count=2, seed=3)
    update = assign_stories([big, small], [feature("new", 0, seed=7)], settings=settings,
                            background=Background(np.zeros(DIMS, dtype=np.float32), 0))
    assert [(merge.old_id, merge.survivor_id) for merge in update.merges] == [("s-small", "s-big")]
    assert [story.id for story in update.stories] == ["s-big"]
    assert update.stories[0].article_count == 8
    assert stories_of(update) == {"new": "s-big"}


def test_distant_stories_do_not_merge(settings) -> None:
    one, other = state("s-one", 0, count=3), state("s-other", 0, count=3, day=DAY + timedelta(days=40))
    update = assign_stories([one, other], [feature("new", 0, seed=7)], settings=settings,
                            background=Background(np.zeros(DIMS, dtype=np.float32), 0))
    assert update.merges == ()


def test_the_inputs_are_left_untouched(settings) -> None:
    story = state("s-one", 0, count=3)
    before = story.vector_sum.copy()
    assign_stories([story], [feature("new", 0, seed=7)], settings=settings)
    assert story.article_count == 3 and np.array_equal(story.vector_sum, before)


def test_the_background_counts_every_article(settings) -> None:
    update = assign_stories([], three_topics(), settings=settings)
    assert update.background is not None and update.background.count == 12
    again = assign_stories([], [feature("z", 1)], settings=settings, background=update.background)
    assert again.background.count == 13


def test_late_entities_are_added_to_the_article_s_story(settings) -> None:
    update = assign_stories([], [feature("a", 0), feature("b", 0, seed=1)], settings=settings)
    enrichment = Enrichment("a", entities=(
        Mention("Putin", "PERSON", "Vladimir Putin", 0, 5), Mention("Putin", "PERSON", "Vladimir Putin", 9, 14),
        Mention("Kyiv", "GPE", "Kyiv", 20, 24), Mention("Monday", "DATE", "Monday", 30, 36),
    ))
    late = add_late_entities(update, [enrichment], memberships={"a": ("s-a", False)})
    story = {story.id: story for story in late.stories}["s-a"]
    assert story.entity_counts == {"Vladimir Putin": 1, "Kyiv": 1}
    assert late.late_entities == ("a",)
    assert story_label(story) == "Kyiv · Vladimir Putin — talks"  # ties go by name


def test_key_entities_rank_by_mentions_and_skip_dates() -> None:
    mentions = (Mention("Kyiv", "GPE", "Kyiv", 0, 4), Mention("Putin", "PERSON", "Vladimir Putin", 5, 10),
                Mention("Putin", "PERSON", "Vladimir Putin", 11, 16), Mention("Monday", "DATE", "Monday", 17, 23))
    assert key_entities(Enrichment("a", entities=mentions)) == ("Vladimir Putin", "Kyiv")


def test_a_label_has_entities_then_terms_not_in_them() -> None:
    story = StoryState("s", DAY, DAY, 2, axis(0), {"BP": 2, "Gulf of Mexico": 1}, 2,
                       {"oil": 2, "gulf": 2, "spill": 1})
    assert story_label(story) == "BP · Gulf of Mexico — oil, spill"


def test_a_chain_of_merges_is_recorded_against_the_final_survivor(settings) -> None:
    zero = Background(np.zeros(DIMS, dtype=np.float32), 0)
    old = state("s-old", 0, count=2, seed=3)
    # a batch founds a story that grows large, takes in s-old, and is then absorbed into a larger stored story
    big = state("s-big", 0, count=30, seed=4)
    batch = [feature(f"n{n}", 0, seed=20 + n) for n in range(5)]
    update = assign_stories([old, big], batch, settings=settings, background=zero)
    saved = {story.id for story in update.stories} | {"s-old", "s-big"}
    assert all(merge.survivor_id in saved for merge in update.merges)
    assert {merge.old_id for merge in update.merges} <= {"s-old", "s-big"}


def test_one_shared_name_lifts_nothing_two_do() -> None:
    """A capital or a head of state is in every story of a crisis: sharing it alone is no evidence."""
    story = StoryState("s-a", DAY, DAY, 2, axis(0) * 2, entity_counts={"Kyiv": 2, "Vladimir Putin": 2},
                       entity_articles=2)
    only_kyiv = StoryFeatures("b", DAY, axis(1), entities=("Kyiv", "parliament"))
    both = StoryFeatures("c", DAY, axis(1), entities=("Kyiv", "Vladimir Putin"))
    assert similarity(only_kyiv, story, cosine=0.3) == 0.3
    assert similarity(both, story, cosine=0.3) > 0.3
    other = StoryState("s-b", DAY, DAY, 1, axis(1), entity_counts={"Kyiv": 1, "parliament": 1}, entity_articles=1)
    assert story_similarity(other, story, cosine=0.3) == 0.3


def test_a_story_grows_freely_then_each_doubling_costs_the_same() -> None:
    assert size_penalty(1) == size_penalty(SIZE_FREE) == 0.0
    assert size_penalty(2 * SIZE_FREE) == pytest.approx(SIZE_PENALTY)
    assert size_penalty(8 * SIZE_FREE) == pytest.approx(3 * SIZE_PENALTY)


def leaning(cosine: float) -> np.ndarray:
    """A unit vector at ``cosine`` from axis 0."""
    vector = np.float32(cosine) * axis(0) + np.float32(np.sqrt(1 - cosine * cosine)) * axis(1)
    return vector / np.linalg.norm(vector)


def test_a_large_story_takes_only_what_is_clearly_its_own(settings) -> None:
    """An article a small story would take is too loosely related for a story grown far past SIZE_FREE."""
    background = Background(np.zeros(DIMS, dtype=np.float32), 0)
    loose = StoryFeatures("x", DAY, leaning(0.5))
    for count, joins in ((3, True), (16 * SIZE_FREE, False)):
        story = StoryState("s-story", DAY, DAY, count, axis(0) * count)
        found = stories_of(assign_stories([story], [loose], settings=settings, background=background))
        assert (found["x"] == "s-story") is joins


def test_two_large_stories_merge_only_when_clearly_one(settings) -> None:
    background = Background(np.zeros(DIMS, dtype=np.float32), 0)
    for count, merged in ((3, True), (5 * SIZE_FREE, False)):
        one = StoryState("s-one", DAY, DAY, count, axis(0) * count)
        other = StoryState("s-other", DAY, DAY, count, leaning(0.6) * count)
        update = assign_stories([one, other], [StoryFeatures("x", DAY, axis(0))], settings=settings,
                                background=background)
        assert bool(update.merges) is merged
