// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ThroughputChartView: a live line chart over the last N seconds with two value axes — the only
// place Qt Charts is used (house style §6: deprecated upstream from Qt 6.10, so a move to Qt
// Graphs or a painted chart stays a change to this file). Callers describe the series once with
// setSeriesSpec(), then hand each series its window of per-second values, oldest first; the
// newest value sits at x = 0. A limit is a series like any other ("limits as data"): give it a
// constant window. Each update is one replace() per series; animations are off.
#include <QColor>
#include <QPen>
#include <QPointF>
#include <QString>
#include <QVector>
#include <QWidget>

#include <memory>

namespace shs::ui {

struct ChartSeriesSpec
{
    enum class Axis { Left, Right };
    QString name;
    QColor colour;
    Qt::PenStyle style = Qt::SolidLine;
    double width = 1.6;
    Axis axis = Axis::Left;
    bool inLegend = true; ///< false: drawn, but explained by another series' legend entry
    bool points = false;  ///< each value marked: a lone value between gaps still shows
};

/// A moment marked across the chart (a split, a merge, a scaling): a vertical line at x (seconds
/// before now, as the series' points) with a label at its top.
struct ChartMark
{
    double x = 0;
    QString label;
};

/// The printf format that labels the ticks from 0 to `top` (tickCount of them) so that no two
/// read the same: "%.0f" for whole steps, else one or two decimals.
const char *labelFormatFor(double top, int tickCount);

class ThroughputChartView : public QWidget
{
    Q_OBJECT
  public:
    explicit ThroughputChartView(QWidget *parent = nullptr);
    ~ThroughputChartView() override;

    void setTitle(const QString &title);
    void setAxisTitles(const QString &x, const QString &left, const QString &right);
    /// Replaces every series; values set before are dropped.
    void setSeriesSpec(const QVector<ChartSeriesSpec> &spec);
    /// The values of series `index` (in spec order), one per second, oldest first. Non-finite
    /// values are dropped.
    void setValues(int index, const QVector<double> &values);
    /// Rescales: x covers the longest series, each y axis a "nice" top over its series.
    /// `leftAtLeast`/`rightAtLeast` keep small traffic from filling the chart.
    void rescale(double leftAtLeast, double rightAtLeast);
    /// Replaces the marks; marks left of the x range are not drawn.
    void setMarks(const QVector<ChartMark> &marks);
    const QVector<ChartMark> &marks() const;
    void clear();

    // For tests: the points of a series by name, and the axis ranges.
    QVector<QPointF> points(const QString &name) const;
    /// The pen a series is drawn with (tests: every series tells itself apart).
    QPen pen(const QString &name) const;
    /// The right axis's label format now.
    QString rightLabelFormat() const;
    double leftTop() const;
    double rightTop() const;
    double xMin() const;

  protected:
    void changeEvent(QEvent *event) override;

  private:
    void applyPalette();
    void layoutMarks();
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace shs::ui
