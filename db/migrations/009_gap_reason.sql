-- Why a gap is open. NULL: efetch left the PMID out of its answer. Otherwise efetch returned the record but
-- the parser rejected it, and this is the parser's one-line reason (the last attempt's). Gaps recorded
-- before this column have NULL, which is what every gap meant then.
ALTER TABLE ingest_gaps ADD COLUMN rejected_reason TEXT;
