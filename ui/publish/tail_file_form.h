// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// TailFileForm: the Publish tab's "Tail a file" source — which file (a * in its name tails every
// match, as the Kinesis Agent's filePattern does), from its start or its end, how its lines
// become records (as they are, or one of the Agent's LOGTOJSON formats) and where a multi-line
// record starts. flow() turns it into one Agent flow, or says inline what is wrong with it.
#include "producer/agent_config.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace shs::ui {

class TailFileForm : public QWidget
{
    Q_OBJECT
  public:
    /// The window sends a flow's records after at most this long (the Agent's least; its
    /// default, 60 s, is long to watch).
    static constexpr std::int64_t kBufferAgeMs = 1000;

    explicit TailFileForm(QWidget *parent = nullptr);

    /// The flow for `stream`; nullopt with the reason shown under the form.
    std::optional<producer::AgentFlow> flow(const QString &stream);

    QLineEdit *pathEdit() const { return m_path; }
    QComboBox *fromCombo() const { return m_from; }
    QComboBox *formatCombo() const { return m_format; }
    QLineEdit *multiLineEdit() const { return m_multiLine; }
    QLabel *errorLabel() const { return m_error; }

  private:
    void browse();
    void showError(const QString &text);

    QLineEdit *m_path;
    QPushButton *m_browse;
    QComboBox *m_from;
    QComboBox *m_format;
    QLineEdit *m_multiLine;
    QLabel *m_error;
};

} // namespace shs::ui
