// The app's frame: the navigation, the errors, and the open screen. It fills the caches once at
// start and listens to the core's events (the recorder's status, changes of sessions); screens
// refresh what they show when opened.
import { useEffect } from 'react';
import { ErrorBanner } from './components/ErrorBanner.tsx';
import { Nav } from './components/Nav.tsx';
import { Apps } from './screens/Apps.tsx';
import { MyData } from './screens/MyData.tsx';
import { Onboarding } from './screens/Onboarding.tsx';
import { Record } from './screens/Record.tsx';
import { Export } from './screens/Export.tsx';
import { ReviewQueue } from './screens/ReviewQueue.tsx';
import { Sessions } from './screens/Sessions.tsx';
import { useConsent, isConsentCurrent } from './stores/consent-store.ts';
import { useNav } from './stores/nav-store.ts';
import { useRecorder } from './stores/recorder-store.ts';
import { followSessionChanges } from './stores/session-events.ts';

export function App() {
  const screen = useNav((s) => s.screen);
  useEffect(() => {
    void useConsent.getState().load().then(() => {
      // A person who already agreed to the current text starts where the work is.
      if (isConsentCurrent(useConsent.getState().info) && useNav.getState().screen === 'onboarding') useNav.getState().go('record');
    });
    void useRecorder.getState().load();
    const stops = [useRecorder.getState().subscribe(), followSessionChanges()];
    return () => stops.forEach((stop) => stop());
  }, []);
  return (
    <div className="layout">
      <Nav />
      <main className="main" id="main">
        <ErrorBanner />
        {screen === 'onboarding' && <Onboarding />}
        {screen === 'apps' && <Apps />}
        {screen === 'record' && <Record />}
        {screen === 'sessions' && <Sessions />}
        {screen === 'review' && <ReviewQueue />}
        {screen === 'export' && <Export />}
        {screen === 'data' && <MyData />}
      </main>
    </div>
  );
}
