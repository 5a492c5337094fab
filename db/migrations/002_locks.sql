-- Writer lock: one row per held lock. Taken and released in immediate transactions, so two processes can
-- never both believe they hold it; a row left by a killed process is taken over (its pid is gone).
CREATE TABLE locks (
  name        TEXT PRIMARY KEY,
  pid         INTEGER NOT NULL,
  proc_start  TEXT,
  host        TEXT NOT NULL,
  command     TEXT NOT NULL,
  acquired_at TEXT NOT NULL
);
