// Planted for arch.layering_detects_violations: ui reaching shs_store
#include "store/sqlite_storage.h"
