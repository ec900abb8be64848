"""How much a sentence reads as a report of something that happened rather than opinion or rhetoric.

A timeline line says what happened: "Rescuers pulled 20 people from the rubble on Tuesday." rather than
"Ukraine will not give up what is ours." The coded events of an enriched article say it exactly (a
sentence that is an event's evidence scores 1); this estimate stands in for the other sentences and for
collections read without enrichment. Its cues are fixed by hand from how news reports read, not fitted
to any evaluation topic: a past-tense verb of action, a figure, a named actor, a date, for; first and
second person, modal and future verbs, exhortation and evaluative words, questions and exclamations, against.
"""

from __future__ import annotations

import math
import re

_PAST = re.compile(
    r"\b(?:[a-z]{3,}ed|began|beat|broke|brought|built|came|caught|chose|died|drove|fell|fled|fought|found|froze|gave"
    r"|got|grew|hit|held|hung|kept|killed|led|left|lost|made|met|overtook|paid|put|quit|ran|rose|sank|sent|set|shot"
    r"|shut|sold|spent|split|spoke|stood|struck|swept|took|threw|told|took|tore|underwent|upheld|was|were|went"
    r"|withdrew|won|wrote)\b"
)
_REPORTING = re.compile(r"\b(?:said|says|added|stressed|noted|believed|thought|felt|hoped|wanted)\b")
_FIGURE = re.compile(r"\b\d[\d,.]*\b")
_NAMED = re.compile(r"(?<=\w )[A-Z][a-z]+")  # a capitalized word that does not open the sentence
_PERSONAL = re.compile(r"\b(?:I|we|We|our|Our|us|you|You|your|Your|my|My|me)\b")
_MODAL = re.compile(
    r"\b(?:will|would|should|must|could|might|may|shall|can|cannot|can't|won't|need to|going to)\b", re.IGNORECASE
)
_EVALUATIVE = re.compile(
    r"\b(?:believe|think|hope|important|necessary|absolutely|certainly|undoubtedly|great|glory|heroes?|enemy"
    r"|forever|never|always|everyone|everything|truly|deeply|sincerely|grateful|thank|proud|shame|terrible"
    r"|wonderful|congratulat\w*|dear|ladies|gentlemen|friends)\b",
    re.IGNORECASE,
)


def event_likeness(text: str) -> float:
    """A 0..1 estimate that ``text`` reports an event that happened."""
    score = (
        0.8 * min(len(_PAST.findall(text)), 2)
        - 0.4 * min(len(_REPORTING.findall(text)), 2)
        + 0.4 * min(len(_FIGURE.findall(text)), 2)
        + 0.3 * min(len(_NAMED.findall(text)), 3)
        - 0.9 * min(len(_PERSONAL.findall(text)), 2)
        - 0.7 * min(len(_MODAL.findall(text)), 2)
        - 0.6 * min(len(_EVALUATIVE.findall(text)), 2)
        - 1.0 * text.rstrip().endswith(("?", "!"))
        - 0.5 * ('"' in text or "\u201c" in text)
        - 1.0
    )
    return 1.0 / (1.0 + math.exp(-score))
