// Planted for arch.layering_detects_violations: a GUI module in core
#include <QtGui/QImage>
