#include "FlowsVersion.h"

namespace flowline::flows {

int flowFormatVersion()
{
    return 1;
}

} // namespace flowline::flows
