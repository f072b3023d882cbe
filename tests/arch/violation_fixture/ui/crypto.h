// Planted for arch.layering_detects_violations: ui reaching shs_crypto
#include "crypto/md5.h"
