"""The nodes of the TypeScript template's example pipeline, in Python (same work, same data)."""
from __future__ import annotations

import re


def clean_reviews(reviews: list[dict], options: dict) -> list[dict]:
    cleaned = []
    for review in reviews:
        text = review["text"].lower() if options["lowercase"] else review["text"]
        text = re.sub(r"\s+", " ", re.sub(r"[^\w\s']", " ", text)).strip()
        cleaned.append({**review, "text": text})
    return cleaned


def count_words(reviews: list[dict], min_word_length: int) -> dict[str, dict[str, int]]:
    if not isinstance(min_word_length, int) or min_word_length < 1:
        raise ValueError(f"cleaning.min_word_length must be a positive integer, got {min_word_length}")
    counts: dict[str, dict[str, int]] = {}
    for review in reviews:
        for_label = counts.setdefault(review["label"], {})
        for word in review["text"].split(" "):
            if len(word) >= min_word_length:
                for_label[word] = for_label.get(word, 0) + 1
    return counts


def summarise_reviews(counts: dict[str, dict[str, int]], top_words: int) -> dict:
    summary: dict = {"distinct_words": {}, "top_words": {}}
    for label, words in sorted(counts.items()):
        summary["distinct_words"][label] = len(words)
        ranked = sorted(words.items(), key=lambda item: (-item[1], item[0]))[:top_words]
        summary["top_words"][label] = [{"word": word, "count": count} for word, count in ranked]
    return summary


def vocabulary_size(counts: dict[str, dict[str, int]]) -> int:
    """How many distinct words the reviews use, all labels together."""
    return len({word for words in counts.values() for word in words})
