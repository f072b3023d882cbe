// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "view_export.h"

#include <QAction>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMessageBox>
#include <QPainter>
#include <QSvgGenerator>
#include <QWidget>

namespace shs::ui {

QImage renderView(QWidget *view, double scale)
{
    QImage image((QSizeF(view->size()) * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(view->palette().color(QPalette::Window));
    QPainter painter(&image);
    view->render(&painter, {}, {}, QWidget::DrawWindowBackground | QWidget::DrawChildren);
    return image;
}

QString exportView(QWidget *view, const QString &path, const QString &title)
{
    const QString name = QDir::toNativeSeparators(path);
    const QString next = QObject::tr("Choose a folder you can write to, or another name.");
    if (path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(view->size());
        svg.setViewBox(QRect(QPoint(), view->size()));
        svg.setTitle(title);
        svg.setDescription(QObject::tr("Exported from Shardscope"));
        QPainter painter;
        if (!painter.begin(&svg))
            return QObject::tr("Cannot write %1. %2").arg(name, next);
        view->render(&painter, {}, {}, QWidget::DrawWindowBackground | QWidget::DrawChildren);
        painter.end();
        if (!QFileInfo(path).isFile() || QFileInfo(path).size() == 0)
            return QObject::tr("Cannot write %1. %2").arg(name, next);
        return {};
    }
    if (!renderView(view).save(path, "PNG"))
        return QObject::tr("Cannot write %1. %2").arg(name, next);
    return {};
}

void addExportActions(QWidget *view, std::function<QString()> baseName)
{
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *copy = new QAction(QObject::tr("Copy as image"), view);
    copy->setObjectName(QStringLiteral("copyAsImage"));
    QObject::connect(copy, &QAction::triggered, view,
                     [view] { QGuiApplication::clipboard()->setImage(renderView(view)); });
    view->addAction(copy);
    for (const auto &[label, suffix, filter] :
         {std::tuple{QObject::tr("Export as PNG…"), QStringLiteral("png"),
                     QObject::tr("PNG image (*.png)")},
          std::tuple{QObject::tr("Export as SVG…"), QStringLiteral("svg"),
                     QObject::tr("SVG drawing (*.svg)")}}) {
        auto *action = new QAction(label, view);
        action->setObjectName(QStringLiteral("exportAs") + suffix.toUpper());
        QObject::connect(action, &QAction::triggered, view, [view, baseName, suffix, filter] {
            const QString base = baseName();
            const QString path = QFileDialog::getSaveFileName(
                view, QObject::tr("Export %1").arg(base),
                QDir::home().filePath(base + QLatin1Char('.') + suffix), filter);
            if (path.isEmpty())
                return;
            if (const QString error = exportView(view, path, base); !error.isEmpty())
                QMessageBox::warning(view, QObject::tr("Export %1").arg(base), error);
        });
        view->addAction(action);
    }
}

} // namespace shs::ui
