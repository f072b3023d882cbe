// Planted for arch.layering_detects_violations: Qt in the inner ring
#include <QString>
