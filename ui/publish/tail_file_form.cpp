// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tail_file_form.h"

#include "theme.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace shs::ui {

namespace {
using Format = producer::AgentProcessing::LogFormat;
constexpr int kAsTheyAre = -1;
} // namespace

TailFileForm::TailFileForm(QWidget *parent)
    : QWidget(parent), m_path(new QLineEdit(this)), m_browse(new QPushButton(tr("Browse…"), this)),
      m_from(new QComboBox(this)), m_format(new QComboBox(this)), m_multiLine(new QLineEdit(this)),
      m_error(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *row1 = new QHBoxLayout;
    auto *fileLabel = new QLabel(tr("File"), this);
    fileLabel->setBuddy(m_path);
    m_path->setObjectName(QStringLiteral("tailPath"));
    m_path->setPlaceholderText(tr("/var/log/app.log — a * in the name tails every match"));
    m_path->setToolTip(
        tr("The Kinesis Agent's filePattern: an absolute path, with * or ? in the file name to "
           "follow rotations such as app.log.1. Each line becomes a record, as the Agent sends "
           "it: with its newline and a random partition key. Rotation by rename, truncation "
           "and copy-truncate are followed."));
    m_from->setObjectName(QStringLiteral("tailFrom"));
    m_from->addItem(tr("from its end"), int(producer::AgentFlow::InitialPosition::EndOfFile));
    m_from->addItem(tr("from its start"), int(producer::AgentFlow::InitialPosition::StartOfFile));
    m_from->setToolTip(tr("The Agent's initialPosition: END_OF_FILE (its default) sends only the "
                          "lines written from now on; START_OF_FILE sends what the file holds "
                          "too. Files that appear later are read from their start."));
    row1->addWidget(fileLabel);
    row1->addWidget(m_path, 1);
    row1->addWidget(m_browse);
    row1->addWidget(m_from);
    auto *row2 = new QHBoxLayout;
    auto *asLabel = new QLabel(tr("Lines"), this);
    asLabel->setBuddy(m_format);
    m_format->setObjectName(QStringLiteral("tailFormat"));
    m_format->addItem(tr("as they are"), kAsTheyAre);
    m_format->addItem(tr("Apache common log → JSON"), int(Format::CommonApacheLog));
    m_format->addItem(tr("Apache combined log → JSON"), int(Format::CombinedApacheLog));
    m_format->addItem(tr("Apache error log → JSON"), int(Format::ApacheErrorLog));
    m_format->addItem(tr("syslog → JSON"), int(Format::SysLog));
    m_format->addItem(tr("RFC 3339 syslog → JSON"), int(Format::Rfc3339SysLog));
    m_format->setToolTip(tr("The Agent's LOGTOJSON processing: each line parsed with the log "
                            "format's pattern and sent as a JSON object of its fields; a line "
                            "that does not parse is dropped, as the Agent drops it."));
    m_multiLine->setObjectName(QStringLiteral("tailMultiLine"));
    m_multiLine->setPlaceholderText(
        tr("optional: a record starts at lines matching, e.g. ^\\d{4}-"));
    m_multiLine->setToolTip(tr("The Agent's multiLineStartPattern: a regular expression a "
                               "record's first line matches; the lines after it, up to the next "
                               "match, join its record (a stack trace with its exception)."));
    row2->addWidget(asLabel);
    row2->addWidget(m_format);
    row2->addWidget(m_multiLine, 1);
    m_error->setObjectName(QStringLiteral("tailError"));
    m_error->setWordWrap(true);
    m_error->hide();
    layout->addLayout(row1);
    layout->addLayout(row2);
    layout->addWidget(m_error);
    connect(m_browse, &QPushButton::clicked, this, &TailFileForm::browse);
    connect(m_path, &QLineEdit::textEdited, this, [this] { m_error->hide(); });
    connect(m_multiLine, &QLineEdit::textEdited, this, [this] { m_error->hide(); });
}

void TailFileForm::browse()
{
    const QString start = m_path->text().isEmpty() ? QStringLiteral("/var/log")
                                                   : QFileInfo(m_path->text()).absolutePath();
    const QString file = QFileDialog::getOpenFileName(this, tr("Tail a file"), start);
    if (!file.isEmpty()) {
        m_path->setText(file);
        m_error->hide();
    }
}

void TailFileForm::showError(const QString &text)
{
    m_error->setText(text);
    m_error->setStyleSheet(errorTextCss());
    m_error->show();
}

std::optional<producer::AgentFlow> TailFileForm::flow(const QString &stream)
{
    const QString path = m_path->text().trimmed();
    if (path.isEmpty()) {
        showError(tr("Choose a file to tail: type its path or use Browse…."));
        return std::nullopt;
    }
    if (!QDir::isAbsolutePath(path)) {
        showError(tr("Cannot tail %1: the path must start at / (as the Agent's filePattern "
                     "does). Use Browse… to pick the file.")
                      .arg(path));
        return std::nullopt;
    }
    const QFileInfo info(path);
    const QString dir = info.absolutePath();
    if (dir.contains(QRegularExpression(QStringLiteral("[*?\\[{]")))) {
        showError(tr("Cannot tail %1: a * or ? may only be in the file name, not in its "
                     "folders (as in the Agent). Name one folder.")
                      .arg(path));
        return std::nullopt;
    }
    if (!QFileInfo(dir).isDir()) {
        showError(tr("Cannot tail %1: the folder %2 does not exist. Check the path, or use "
                     "Browse….")
                      .arg(path, dir));
        return std::nullopt;
    }
    if (info.isDir()) {
        showError(tr("Cannot tail %1: it is a folder. Name a file in it, or add /* to tail every "
                     "file there.")
                      .arg(path));
        return std::nullopt;
    }
    producer::AgentFlow flow;
    flow.filePattern = path.toStdString();
    flow.kinesisStream = stream.toStdString();
    flow.initialPosition = producer::AgentFlow::InitialPosition(m_from->currentData().toInt());
    flow.maxBufferAgeMillis = kBufferAgeMs;
    if (const QString start = m_multiLine->text(); !start.isEmpty()) {
        const QRegularExpression re(start);
        if (!re.isValid()) {
            showError(tr("The multi-line start %1 is not a regular expression: %2. Fix it, or "
                         "clear it to send each line as a record.")
                          .arg(start, re.errorString()));
            return std::nullopt;
        }
        flow.multiLineStartPattern = start.toStdString();
    }
    if (const int format = m_format->currentData().toInt(); format != kAsTheyAre) {
        producer::AgentProcessing p;
        p.kind = producer::AgentProcessing::Kind::LogToJson;
        p.logFormat = Format(format);
        flow.dataProcessingOptions.push_back(p);
    }
    m_error->hide();
    return flow;
}

} // namespace shs::ui
