#pragma once

namespace flowline::flows {

// The newest .flow format this build reads and writes.
int flowFormatVersion();

} // namespace flowline::flows
