// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// TagsDialog: edit a stream's tags as a key/value table. Save sends RemoveTagsFromStream for the
// keys that went away, then AddTagsToStream for the new and changed ones (AWS overwrites a key
// that exists), and closes only when both succeed; a refusal stays inline with the table as the
// user left it, so nothing typed is lost. Problems Kinesis would refuse (an empty or duplicate
// key, lengths, more than 50 tags) are named before sending.
#include "engine/snapshot.h"
#include "service/stream_backend.h"

#include <QDialog>

#include <map>
#include <string>
#include <vector>

class QLabel;
class QPushButton;
class QTableWidget;

namespace shs::ui {

class TagsDialog : public QDialog
{
    Q_OBJECT
  public:
    TagsDialog(service::StreamBackend &backend, const core::StreamInfo &stream,
               QWidget *parent = nullptr);

    /// What Save would send, from the table as it is now.
    struct Changes
    {
        std::map<std::string, std::string> put; ///< new keys and changed values
        std::vector<std::string> remove;        ///< keys no longer in the table
        bool empty() const { return put.empty() && remove.empty(); }
    };
    Changes changes() const;
    /// The first problem in the table, or empty.
    QString problem() const;
    /// The AWS CLI lines Save would run.
    QString cliCommands() const;

    // For tests and automation.
    QTableWidget *table() const { return m_table; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *removeButton() const { return m_remove; }
    QPushButton *saveButton() const { return m_save; }
    QPushButton *copyCliButton() const { return m_copyCli; }
    QLabel *errorLabel() const { return m_error; }
    QLabel *summaryLabel() const { return m_summary; }
    /// Appends a row (and starts editing its key when `edit`).
    void addRow(const QString &key, const QString &value, bool edit = false);

  Q_SIGNALS:
    void changed(const QString &what);

  private:
    void update();
    void save();
    void finish(const Changes &c);

    service::StreamBackend &m_backend;
    core::StreamInfo m_stream;
    QTableWidget *m_table;
    QLabel *m_summary;
    QLabel *m_error;
    QPushButton *m_add;
    QPushButton *m_remove;
    QPushButton *m_save;
    QPushButton *m_copyCli;
    bool m_saving = false;
};

} // namespace shs::ui
