import { Home } from './pages/Home.js';
import { InvalidLink } from './pages/InvalidLink.js';
import { Meeting } from './pages/Meeting.js';
import { useRoute } from './routes.js';

export function App() {
  const route = useRoute();
  switch (route.name) {
    case 'home':
      return <Home />;
    case 'room':
      // Keyed by room so moving between meetings starts from a fresh lobby.
      return route.valid ? <Meeting key={route.roomId} roomId={route.roomId} query={route.query} /> : <InvalidLink kind="room" />;
    case 'not-found':
      return <InvalidLink kind="page" />;
  }
}
