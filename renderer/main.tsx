import './zodConfig.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiContext } from './api/apiContext.js';
import { getConnection } from './api/api.js';
import { App } from './App.js';
import { startBootstrap } from './stores/bootstrap.js';
import './styles.css';
import './views.css';
import './trends.css';
import './savedViews.css';
import './mappings.css';
import './devices.css';
import './alarms.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const connection = getConnection();
startBootstrap(connection);

createRoot(root).render(
  <StrictMode>
    <ApiContext.Provider value={connection.api}>
      <App />
    </ApiContext.Provider>
  </StrictMode>,
);
