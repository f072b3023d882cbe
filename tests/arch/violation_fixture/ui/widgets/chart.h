// Planted for arch.layering_detects_violations: Qt Charts outside ui/charts
#include <QtCharts/QChartView>
