import { render } from 'solid-js/web';
import { App } from './app/app';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/studio.css';
import './styles/gallery.css';
import './styles/identity.css';
import './styles/lora.css';

render(() => <App />, document.getElementById('root')!);
