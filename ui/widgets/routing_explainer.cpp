// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "routing_explainer.h"
#include "theme.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <array>

namespace shs::ui {

using core::HashKey;

namespace {
constexpr int kMaxPartitionKeyChars = 256;
}

RoutingExplainer::RoutingExplainer(QWidget *parent)
    : QWidget(parent), m_input(new QLineEdit(this)),
      m_explicit(new QCheckBox(tr("ExplicitHashKey"), this)), m_result(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *row = new QHBoxLayout;
    auto *label = new QLabel(tr("Route a key:"), this);
    label->setBuddy(m_input);
    m_input->setObjectName(QStringLiteral("routeKey"));
    m_input->setPlaceholderText(tr("a partition key, e.g. user-42"));
    m_input->setClearButtonEnabled(true);
    m_explicit->setToolTip(
        tr("Treat the input as an ExplicitHashKey (a decimal number 0 … 2^128−1), which "
           "overrides the partition key's hash"));
    row->addWidget(label);
    row->addWidget(m_input, 1);
    row->addWidget(m_explicit);
    layout->addLayout(row);
    m_result->setObjectName(QStringLiteral("routeResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_result);
    connect(m_input, &QLineEdit::textChanged, this, &RoutingExplainer::update);
    connect(m_explicit, &QCheckBox::toggled, this, &RoutingExplainer::update);
    update();
}

void RoutingExplainer::setShards(const QList<HashRangeBar::Segment> &shards)
{
    m_shards = shards;
    std::vector<core::PartitionKeyRouter::OpenShard> open;
    for (qsizetype i = 0; i < shards.size(); ++i)
        open.push_back({core::HashKeyRange{shards[i].start, shards[i].end}, std::uint32_t(i)});
    m_router.setOpenShards(std::move(open));
    update();
}

void RoutingExplainer::explain(const QString &text, bool explicitKey)
{
    const QSignalBlocker block(m_explicit);
    m_explicit->setChecked(explicitKey);
    m_input->setText(text); // updates
    update();
}

QString RoutingExplainer::resultText() const
{
    return m_result->text();
}

void RoutingExplainer::update()
{
    const QString text = m_input->text();
    const bool explicitKey = m_explicit->isChecked();
    m_route.reset();
    auto fail = [this](const QString &why) {
        m_result->setText(
            QStringLiteral("<span style='%1'>%2</span>").arg(errorTextCss(), why.toHtmlEscaped()));
        Q_EMIT keyChanged(std::nullopt);
    };
    if (text.isEmpty()) {
        m_result->setText(
            tr("Kinesis hashes the partition key with MD5 and sends the record to the shard whose "
               "range holds the 128-bit result."));
        Q_EMIT keyChanged(std::nullopt);
        return;
    }
    Route route;
    if (explicitKey) {
        const auto key = HashKey::fromDecimal(text.trimmed().toStdString());
        if (!key) {
            fail(tr("'%1' is not a hash key: ExplicitHashKey must be a decimal number in the range "
                    "[0, 2^128-1] "
                    "(PutRecord would answer InvalidArgumentException or ValidationException). "
                    "Enter digits only, "
                    "at most 340282366920938463463374607431768211455.")
                     .arg(text.left(60)));
            return;
        }
        route.key = *key;
    } else {
        if (text.size() > kMaxPartitionKeyChars && text.toUcs4().size() > kMaxPartitionKeyChars) {
            fail(tr("This partition key has %1 characters; Kinesis accepts 1 to 256 (PutRecord "
                    "would answer "
                    "ValidationException: Member must have length less than or equal to 256). "
                    "Shorten it.")
                     .arg(text.toUcs4().size()));
            return;
        }
        const QByteArray utf8 = text.toUtf8();
        route.key = m_router.hash(std::string_view(utf8.constData(), std::size_t(utf8.size())));
        route.md5Hex = QString::fromStdString(route.key.toHex()); // the digest, big-endian
    }
    if (const auto index = m_router.route(route.key); index && *index < m_shards.size())
        route.shardId = m_shards[qsizetype(*index)].shardId;
    const QString decimal = QString::fromStdString(route.key.toDecimal());
    const QString share = QString::number(route.key.toUnitFraction() * 100.0, 'f', 4);
    QString html;
    if (explicitKey)
        html = tr("ExplicitHashKey <b>%1</b> (%2 % of the key space); the partition key is not "
                  "hashed")
                   .arg(decimal, share);
    else
        html = tr("MD5(\"%1\") = <tt>%2</tt> → hash key <b>%3</b> (%4 % of the key space)")
                   .arg(text.left(40).toHtmlEscaped()
                            + (text.size() > 40 ? QStringLiteral("…") : QString()),
                        route.md5Hex, decimal, share);
    if (!route.shardId.isEmpty())
        html += tr(" → <b>%1</b>").arg(route.shardId);
    else if (!m_shards.isEmpty())
        html += tr(" → no open shard holds it");
    m_result->setText(html);
    m_route = route;
    Q_EMIT keyChanged(route.key);
}

} // namespace shs::ui
