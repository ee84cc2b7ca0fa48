#pragma once

#include <QString>

namespace flowline::app {

// Light and dark colour themes over the Fusion style; "system" keeps the platform's palette.
enum class Theme { System, Light, Dark };

QString themeId(Theme theme); // "system", "light", "dark" (as stored in the settings)
Theme themeFromId(const QString &id);
// Applies the theme to the whole application. Call after QApplication exists; the first call
// remembers the platform's palette for "system".
void applyTheme(Theme theme);

} // namespace flowline::app
