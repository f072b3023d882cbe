// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "file_tail_run.h"

#include "agent_processing.h"

#include "engine/catalogue.h"

#include <QTimer>

namespace shs::producer {

FileTailRun::FileTailRun(service::StreamBackend &backend, AgentFlow flow, QObject *parent)
    : QObject(parent), m_timer(new QTimer(this))
{
    m_tailer = std::make_unique<FileTailer>(
        std::move(flow), m_clock,
        [&backend, this](core::PutRecordsRequest request, FileTailer::PutRecordsDone done) {
            backend.submit(core::ops::PutRecords, std::move(request), &m_receiver, std::move(done));
        },
        nullptr, std::uint64_t(reinterpret_cast<std::uintptr_t>(this)));
    m_timer->setInterval(kTickMs);
    connect(m_timer, &QTimer::timeout, this, &FileTailRun::tick);
}

FileTailRun::~FileTailRun() = default;

std::string FileTailRun::describe() const
{
    const AgentFlow &f = flow();
    std::string s
        = "tail " + f.filePattern + " · from its "
          + (f.initialPosition == AgentFlow::InitialPosition::EndOfFile ? "end" : "start");
    for (const auto &p : f.dataProcessingOptions) {
        if (p.kind == AgentProcessing::Kind::SingleLine)
            s += " · SINGLELINE";
        else if (p.kind == AgentProcessing::Kind::CsvToJson)
            s += " · CSVTOJSON";
        else
            s += " · LOGTOJSON " + AgentProcessor::logFormatName(p.logFormat);
    }
    if (f.multiLineStartPattern)
        s += " · records start at /" + *f.multiLineStartPattern + "/";
    return s;
}

void FileTailRun::start()
{
    if (m_running)
        return;
    m_running = true;
    (void)m_tailer->start(); // no checkpoint file: it cannot fail
    m_timer->start();
    Q_EMIT countsChanged();
}

void FileTailRun::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_draining = true;
    m_stopping.start();
    tick();
}

void FileTailRun::tick()
{
    if (m_draining) {
        m_tailer->flush();
        if (m_tailer->idle() || m_stopping.elapsed() >= kShutdownTimeoutMs) {
            m_draining = false;
            m_timer->stop();
        }
    } else if (m_running) {
        m_tailer->tick();
    }
    Q_EMIT countsChanged();
}

} // namespace shs::producer
