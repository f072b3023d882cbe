// fixture for arch.layering_detects_violations
#include <QString>
