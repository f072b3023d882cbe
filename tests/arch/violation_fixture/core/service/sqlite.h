// Planted for arch.layering_detects_violations: SQLite outside core/store
#include <sqlite3.h>
