// Allowed: the service ring uses QtCore (must not be reported)
#include "engine/api.h"
#include <QObject>
