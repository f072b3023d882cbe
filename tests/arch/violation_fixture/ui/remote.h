// Planted for arch.layering_detects_violations: ui reaching shs_net by its directory
#include "remote/remote_backend.h"
