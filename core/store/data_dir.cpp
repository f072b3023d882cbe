// SPDX-FileCopyrightText: 2026 The Shardscope authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "data_dir.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace shs::store {

using namespace shs::core;

namespace {
Error storageError(const std::string &what)
{
    return makeError(ErrorCode::StorageFailure, what);
}

std::string readAll(int fd)
{
    std::string out;
    char buf[256];
    lseek(fd, 0, SEEK_SET);
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0)
            break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
        out.pop_back();
    return out;
}
} // namespace

Result<void> DataDir::advertise(const std::string &note)
{
    const std::string text = m_owner + "\n" + (note.empty() ? "" : note + "\n");
    if (::ftruncate(m_lockFd, 0) != 0 || ::pwrite(m_lockFd, text.data(), text.size(), 0) < 0)
        return storageError("Cannot write " + m_path + "/LOCK: " + std::strerror(errno));
    return ok();
}

/// A 32-byte key file: read, or made from OpenSSL's generator (mode 0600, written whole and
/// synced before it is renamed into place).
static Result<crypto::AeadKey> readOrCreateKey(const std::string &keyPath)
{
    crypto::AeadKey key{};
    std::ifstream in(keyPath, std::ios::binary);
    if (in) {
        in.read(reinterpret_cast<char *>(key.data()), 32);
        if (in.gcount() != 32)
            return storageError("Corrupt " + keyPath
                                + " (expected 32 bytes); delete it to make a new key");
        return key;
    }
    if (!crypto::randomBytes(key.data(), 32))
        return makeError(ErrorCode::CryptoFailure, "OpenSSL could not produce random bytes");
    const std::string tmp = keyPath + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || ::write(fd, key.data(), 32) != 32 || ::fsync(fd) != 0) {
        if (fd >= 0)
            ::close(fd);
        return storageError("Cannot write " + keyPath + ": " + std::strerror(errno));
    }
    ::close(fd);
    if (::rename(tmp.c_str(), keyPath.c_str()) != 0)
        return storageError("Cannot write " + keyPath + ": " + std::strerror(errno));
    return key;
}

Result<std::unique_ptr<DataDir>> DataDir::open(const std::string &path,
                                               const std::string &processName)
{
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec)
        return storageError("Cannot create data directory " + path + ": " + ec.message());
    std::unique_ptr<DataDir> dir(new DataDir);
    dir->m_path = std::filesystem::absolute(path).lexically_normal().string();
    while (dir->m_path.size() > 1 && dir->m_path.back() == '/')
        dir->m_path.pop_back();

    const std::string lockPath = dir->m_path + "/LOCK";
    dir->m_lockFd = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (dir->m_lockFd < 0)
        return storageError("Cannot open " + lockPath + ": " + std::strerror(errno));
    if (::flock(dir->m_lockFd, LOCK_EX | LOCK_NB) != 0) {
        const std::string holder = readAll(dir->m_lockFd);
        ::close(dir->m_lockFd);
        dir->m_lockFd = -1;
        const auto newline = holder.find('\n');
        const std::string owner = holder.substr(0, newline);
        const std::string note = newline == std::string::npos ? "" : holder.substr(newline + 1);
        std::string who = owner.empty() ? std::string("another process") : "process " + owner;
        const std::string serving = "serving the Kinesis API at ";
        if (note.rfind(serving, 0) == 0) {
            const std::string url = note.substr(serving.size());
            return makeError(ErrorCode::ResourceInUse,
                             "Data directory " + dir->m_path + " is in use by " + who
                                 + ", which is " + note
                                 + ". Reach the same streams through it: " + "add --endpoint-url "
                                 + url + " to the command (or stop that process first).");
        }
        return makeError(
            ErrorCode::ResourceInUse,
            "Data directory " + dir->m_path + " is in use by " + who
                + ". Close that Shardscope, or choose another directory with --data-dir.");
    }
    dir->m_owner = std::to_string(::getpid()) + " (" + processName + ")";
    if (auto written = dir->advertise({}); !written)
        return written.error();

    if (auto key = readOrCreateKey(dir->m_path + "/token.key"); key)
        dir->m_tokenKey = *key;
    else
        return key.error();
    if (auto key = readOrCreateKey(dir->m_path + "/kms.key"); key)
        dir->m_kmsMasterKey = *key;
    else
        return key.error();
    return dir;
}

DataDir::~DataDir()
{
    if (m_lockFd >= 0) {
        (void)::ftruncate(m_lockFd, 0);
        ::flock(m_lockFd, LOCK_UN);
        ::close(m_lockFd);
    }
}

} // namespace shs::store
