#pragma once

// Includes qcustomplot.h, which is written with Qt's keyword macros (signals, slots, foreach)
// that this project turns off (QT_NO_KEYWORDS). Include this instead of <qcustomplot.h>.

#if defined(QT_NO_KEYWORDS) && !defined(signals)
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define foreach Q_FOREACH
#define FLOWLINE_QCP_KEYWORDS_DEFINED
#endif

#include <qcustomplot.h>

#ifdef FLOWLINE_QCP_KEYWORDS_DEFINED
#undef signals
#undef slots
#undef foreach
#undef FLOWLINE_QCP_KEYWORDS_DEFINED
#endif
