// Allowed: Qt Charts inside ui/charts (must not be reported)
#include <QtCharts/QChartView>
