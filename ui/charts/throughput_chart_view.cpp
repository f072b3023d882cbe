// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "throughput_chart_view.h"

#include <QChart>
#include <QChartView>
#include <QGraphicsLineItem>
#include <QGraphicsSimpleTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <array>
#include <cmath>

namespace shs::ui {

namespace {
/// A "nice" axis top at or above v: 1, 2, 2.5, 5 × 10^n.
double niceTop(double v)
{
    if (!(v > 0))
        return 1;
    const double e = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * e >= v * (1 - 1e-12))
            return m * e;
    return 10 * e;
}
} // namespace

struct ThroughputChartView::Private
{
    QChart *chart = nullptr;
    QChartView *view = nullptr;
    QValueAxis *x = nullptr;
    QValueAxis *left = nullptr;
    QValueAxis *right = nullptr;
    QVector<QLineSeries *> series;
    QVector<ChartSeriesSpec> spec;
    QVector<ChartMark> marks;
    struct MarkItems
    {
        QGraphicsLineItem *line;
        QGraphicsSimpleTextItem *text;
    };
    QVector<MarkItems> markItems;
};

ThroughputChartView::ThroughputChartView(QWidget *parent)
    : QWidget(parent), d(std::make_unique<Private>())
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    d->chart = new QChart;
    d->chart->setAnimationOptions(QChart::NoAnimation);
    d->chart->setMargins(QMargins(4, 4, 4, 4));
    d->chart->setBackgroundRoundness(0);
    d->chart->legend()->setAlignment(Qt::AlignRight);
    d->x = new QValueAxis(d->chart);
    d->x->setLabelFormat(QStringLiteral("%d"));
    d->x->setTickType(QValueAxis::TicksDynamic);
    d->x->setTickAnchor(0);
    d->x->setTickInterval(30);
    d->left = new QValueAxis(d->chart);
    d->left->setLabelFormat(QStringLiteral("%.0f"));
    d->right = new QValueAxis(d->chart);
    d->right->setLabelFormat(QStringLiteral("%.0f"));
    d->chart->addAxis(d->x, Qt::AlignBottom);
    d->chart->addAxis(d->left, Qt::AlignLeft);
    d->chart->addAxis(d->right, Qt::AlignRight);
    d->x->setRange(-120, 0);
    d->left->setRange(0, 1);
    d->right->setRange(0, 1);
    d->view = new QChartView(d->chart, this);
    d->view->setRenderHint(QPainter::Antialiasing);
    layout->addWidget(d->view);
    connect(d->chart, &QChart::plotAreaChanged, this, [this] { layoutMarks(); });
    applyPalette();
}

ThroughputChartView::~ThroughputChartView() = default;

void ThroughputChartView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QWidget::changeEvent(event);
}

void ThroughputChartView::applyPalette()
{
    // Follow the widget palette (light or dark) rather than a Qt Charts theme.
    const QPalette pal = palette();
    d->chart->setBackgroundBrush(pal.color(QPalette::Base));
    d->chart->setTitleBrush(pal.color(QPalette::Text));
    d->chart->legend()->setLabelColor(pal.color(QPalette::Text));
    for (QValueAxis *axis : {d->x, d->left, d->right}) {
        axis->setLabelsColor(pal.color(QPalette::Text));
        axis->setTitleBrush(pal.color(QPalette::Text));
        axis->setGridLineColor(pal.color(QPalette::Midlight));
        axis->setLinePenColor(pal.color(QPalette::Mid));
    }
    d->view->setBackgroundBrush(pal.color(QPalette::Window));
    layoutMarks();
}

void ThroughputChartView::setMarks(const QVector<ChartMark> &marks)
{
    d->marks = marks;
    while (d->markItems.size() > marks.size()) {
        delete d->markItems.back().line;
        delete d->markItems.back().text;
        d->markItems.pop_back();
    }
    while (d->markItems.size() < marks.size())
        d->markItems.push_back(
            {new QGraphicsLineItem(d->chart), new QGraphicsSimpleTextItem(d->chart)});
    layoutMarks();
}

const QVector<ChartMark> &ThroughputChartView::marks() const
{
    return d->marks;
}

void ThroughputChartView::layoutMarks()
{
    // Drawn over the plot area by hand: Qt Charts has no annotation, and a vertical line series
    // would join the legend and the y autoscale.
    const QRectF plot = d->chart->plotArea();
    const double span = d->x->max() - d->x->min();
    const QColor colour = palette().color(QPalette::Text);
    QFont font = d->chart->font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    std::array<double, 3> rowRight;
    rowRight.fill(-1e9);
    for (int i = 0; i < d->marks.size(); ++i) {
        const auto &[line, text] = d->markItems[i];
        const double x = plot.left() + (d->marks[i].x - d->x->min()) / span * plot.width();
        const bool shown = span > 0 && x >= plot.left() - 0.5 && x <= plot.right() + 0.5;
        line->setVisible(shown);
        text->setVisible(shown);
        if (!shown)
            continue;
        line->setPen(QPen(colour, 1.2, Qt::DashDotLine));
        line->setLine(x, plot.top(), x, plot.bottom());
        line->setZValue(10);
        text->setText(d->marks[i].label);
        text->setFont(font);
        text->setBrush(colour);
        text->setZValue(11);
        // Beside its line, to the left near the right edge; labels that would overlap take the
        // next row down (up to three, then the least crowded).
        const double w = text->boundingRect().width();
        double tx = x + 3;
        if (tx + w > plot.right())
            tx = x - 3 - w;
        std::size_t row = 0;
        while (row < rowRight.size() && tx < rowRight[row] + 4)
            ++row;
        if (row == rowRight.size())
            row = std::size_t(std::min_element(rowRight.begin(), rowRight.end())
                              - rowRight.begin());
        text->setPos(tx, plot.top() + 2 + double(row) * text->boundingRect().height());
        rowRight[row] = tx + w;
    }
}

void ThroughputChartView::setTitle(const QString &title)
{
    d->chart->setTitle(title);
}

void ThroughputChartView::setAxisTitles(const QString &x, const QString &left, const QString &right)
{
    d->x->setTitleText(x);
    d->left->setTitleText(left);
    d->right->setTitleText(right);
}

void ThroughputChartView::setSeriesSpec(const QVector<ChartSeriesSpec> &spec)
{
    for (auto *s : d->series) {
        d->chart->removeSeries(s);
        delete s;
    }
    d->series.clear();
    d->spec = spec;
    for (const auto &sp : spec) {
        auto *s = new QLineSeries(d->chart);
        s->setName(sp.name);
        s->setPen(QPen(sp.colour, sp.width, sp.style));
        s->setPointsVisible(sp.points);
        d->chart->addSeries(s);
        s->attachAxis(d->x);
        s->attachAxis(sp.axis == ChartSeriesSpec::Axis::Left ? d->left : d->right);
        if (!sp.inLegend)
            for (QLegendMarker *marker : d->chart->legend()->markers(s))
                marker->setVisible(false);
        d->series.push_back(s);
    }
}

void ThroughputChartView::setValues(int index, const QVector<double> &values)
{
    if (index < 0 || index >= d->series.size())
        return;
    const auto n = values.size();
    QList<QPointF> points;
    points.reserve(n);
    for (qsizetype i = 0; i < n; ++i)
        if (std::isfinite(values[i]))
            points.append(QPointF(double(i - n + 1), values[i]));
    d->series[index]->replace(points);
}

const char *labelFormatFor(double top, int tickCount)
{
    const double step = top / std::max(1, tickCount - 1);
    for (const auto &[decimals, format] :
         {std::pair{1.0, "%.0f"}, std::pair{10.0, "%.1f"}, std::pair{100.0, "%.2f"}})
        if (std::abs(step * decimals - std::round(step * decimals)) < 1e-9)
            return format;
    return "%.3g";
}

void ThroughputChartView::rescale(double leftAtLeast, double rightAtLeast)
{
    double left = leftAtLeast, right = rightAtLeast, xMin = -1;
    for (int i = 0; i < d->series.size(); ++i) {
        const QList<QPointF> pts = d->series[i]->points();
        for (const QPointF &p : pts) {
            (d->spec[i].axis == ChartSeriesSpec::Axis::Left ? left : right)
                = std::max(d->spec[i].axis == ChartSeriesSpec::Axis::Left ? left : right, p.y());
            xMin = std::min(xMin, p.x());
        }
    }
    d->x->setRange(xMin, 0);
    for (auto [axis, top] :
         {std::pair{d->left, niceTop(left * 1.05)}, std::pair{d->right, niceTop(right * 1.05)}}) {
        axis->setRange(0, top);
        // As many decimals as the ticks need, so that no two ticks read the same (an idle
        // 0–1 KiB/s axis once read 0 0 0 1 1).
        axis->setLabelFormat(QString::fromLatin1(labelFormatFor(top, axis->tickCount())));
    }
    layoutMarks();
}

void ThroughputChartView::clear()
{
    for (auto *s : d->series)
        s->clear();
}

QVector<QPointF> ThroughputChartView::points(const QString &name) const
{
    for (auto *s : d->series)
        if (s->name() == name)
            return s->points();
    return {};
}

QPen ThroughputChartView::pen(const QString &name) const
{
    for (auto *s : d->series)
        if (s->name() == name)
            return s->pen();
    return {};
}

QString ThroughputChartView::rightLabelFormat() const
{
    return d->right->labelFormat();
}

double ThroughputChartView::leftTop() const
{
    return d->left->max();
}

double ThroughputChartView::rightTop() const
{
    return d->right->max();
}

double ThroughputChartView::xMin() const
{
    return d->x->min();
}

} // namespace shs::ui
