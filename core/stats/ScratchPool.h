#pragma once

#include <memory>
#include <mutex>
#include <vector>

namespace flowline::core {

// Working space for parallel loops: each body leases one T, uses it, and gives it back, so that
// large buffers are allocated (and their pages first touched) once per worker rather than once
// per item. Results must not depend on what a leased T held before.
template <class T>
class ScratchPool
{
public:
    class Lease
    {
    public:
        Lease(ScratchPool &pool, std::unique_ptr<T> item)
            : m_pool(pool)
            , m_item(std::move(item))
        {}
        Lease(const Lease &) = delete;
        Lease &operator=(const Lease &) = delete;
        ~Lease() { m_pool.giveBack(std::move(m_item)); }
        T &operator*() { return *m_item; }
        T *operator->() { return m_item.get(); }

    private:
        ScratchPool &m_pool;
        std::unique_ptr<T> m_item;
    };

    Lease lease()
    {
        std::unique_ptr<T> item;
        {
            std::lock_guard lock(m_mutex);
            if (!m_free.empty()) {
                item = std::move(m_free.back());
                m_free.pop_back();
            }
        }
        return Lease(*this, item ? std::move(item) : std::make_unique<T>());
    }

private:
    void giveBack(std::unique_ptr<T> item)
    {
        std::lock_guard lock(m_mutex);
        m_free.push_back(std::move(item));
    }

    std::mutex m_mutex;
    std::vector<std::unique_ptr<T>> m_free;
};

} // namespace flowline::core
