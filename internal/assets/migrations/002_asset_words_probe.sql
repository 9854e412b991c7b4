-- Text search checks "does this asset have a word starting with w?" with one index range per
-- asset, so the index on asset_words' asset_id also holds the word.
DROP INDEX asset_words_asset;
CREATE INDEX asset_words_asset_word ON asset_words (asset_id, word);
