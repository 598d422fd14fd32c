// Entry of the renderer bundle: mounts the app, or in the page the team service serves its remote
// mode (sign-in and the review queue, screens/team/). Styles are bundled into app.css (no inline styles,
// as the hosts' CSP requires).
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { isTeamService } from './api/get-api.ts';
import { TeamApp } from './screens/team/TeamApp.tsx';
import './styles/app.css';

createRoot(document.getElementById('root')!).render(isTeamService() ? <TeamApp /> : <App />);
