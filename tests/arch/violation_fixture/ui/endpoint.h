// Planted for arch.layering_detects_violations: ui reaching shs_net by its directory
#include "endpoint/shape_json.h"
