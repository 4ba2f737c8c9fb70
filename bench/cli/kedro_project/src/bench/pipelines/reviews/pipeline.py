from kedro.pipeline import Pipeline, node, pipeline

from .nodes import clean_reviews, count_words, summarise_reviews, vocabulary_size


def create_pipeline(**kwargs) -> Pipeline:
    return pipeline(
        [
            node(clean_reviews, ["reviews", "params:cleaning"], "clean_reviews", name="clean", tags=["preprocessing"]),
            node(count_words, ["clean_reviews", "params:cleaning.min_word_length"], "word_counts", name="count_words", tags=["features"]),
            node(summarise_reviews, ["word_counts", "params:top_words"], "review_summary", name="summarise", tags=["reporting"]),
            node(vocabulary_size, "word_counts", "vocabulary_size", name="measure", tags=["reporting"]),
        ]
    )
